"""The 日常工作 tab: 一刊一报 subscriptions, 情况通报 notices and 离退休办理 new retirees."""
