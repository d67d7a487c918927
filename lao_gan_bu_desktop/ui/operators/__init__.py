"""操作员 in the window: the list in 设置 (editor.py), the question at start and the idle lock (gate.py)."""
