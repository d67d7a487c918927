"""导入: the import wizard and its pages, its workers, 导入记录 and the blank template."""
