"""The 党组织 tab: branches, transfers of organisation relations, organisation life."""
