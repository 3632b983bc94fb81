"""流动工作站活动: the campaigns of a mobile station (issue 14), ui/campaigns/panel.py."""
