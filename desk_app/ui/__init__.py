"""The Qt window: widgets and item models only. Work goes through desk_app.storage, off this thread."""
