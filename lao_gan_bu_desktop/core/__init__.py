"""纯规则层：身份证号、日期、年龄段、服务分类、词表、字段规范化与报表文字。

This package holds the pure rules of the program. It uses the standard library (plus pypinyin for
name search keys) and never imports Qt, peewee, openpyxl or any other subpackage of the program,
so that every rule can be stated and tested with plain values.
"""
