"""使用说明 shown in the program."""
