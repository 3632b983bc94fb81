from desk_app.storage.store import DeskStore


def test_fresh_desk_is_not_set_up(store: DeskStore) -> None:
    assert not store.is_set_up()


def test_set_up_desk_has_station_and_categories(store: DeskStore, clerk) -> None:
    assert store.is_set_up()
    assert store.station().short_name == "浉河监督岗"
    assert "养老" in [c.name for c in store.categories()]
