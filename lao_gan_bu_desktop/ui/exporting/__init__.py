"""导出: the export wizard, its background worker and the menu actions."""
