"""地址标签和信封: the labels dialog, its sheet preview, the template dialog and the menu entry."""
