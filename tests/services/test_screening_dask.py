"""Screening on a Dask cluster of two worker processes: the same lines as the local path."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import dask
import pytest
from distributed import Client

from interlink.domain.travellers import Traveller
from interlink.exc import ConfigError, FormatError, Location
from interlink.formats.jsonl import write_jsonl
from interlink.matching import Index
from interlink.services.screening import (
    ScreeningSettings,
    screen_travellers,
    traveller_key,
    watchlist_records,
)
from interlink.services.screening_dask import (
    dask_client,
    screen_travellers_dask,
    worker_indexes,
)
from tests.cli.test_cli import UN_EXCERPT
from tests.conftest import FIXTURES

pytestmark = pytest.mark.xdist_group("dask")


def traveller(n: int, name: str, dob: str | None = None) -> tuple[Traveller, Location]:
    return Traveller(ref=f"m1/{n}", name=name, birth_date=dob), Location("manifest.csv", line=n)


MANIFEST = [
    traveller(1, "Ayman al-Zawahiri", "1951-06-19"),
    traveller(2, "Olivia Hartmann", "1988-02-11"),
    traveller(3, "أيمن محمد ربيع الظواهري"),
    traveller(4, "Aiman Muhammed Rabi al-Zawahiri"),
    traveller(5, "Александр Бортников", "1951-11-15"),
] + [traveller(n, f"Passenger Number {n}") for n in range(6, 40)]


@pytest.fixture
def watchlist(tmp_path: Path) -> Path:
    """A copy of the UN excerpt at a path of this test's own: the workers index it afresh."""
    path = tmp_path / "un.xml"
    shutil.copy(UN_EXCERPT, path)
    return path


def local_lines(path: Path, settings: ScreeningSettings) -> list[str]:
    index = Index.build(watchlist_records(path))
    return [line.to_json() for line in screen_travellers(index, MANIFEST, settings)]


def dask_lines(
    path: Path, settings: ScreeningSettings, client: Client, **options: int
) -> list[str]:
    return [
        line.to_json()
        for line in screen_travellers_dask(path, MANIFEST, settings, client=client, **options)
    ]


def builds(client: Client, path: Path) -> dict[str, int]:
    """Per worker address, how many times it built an index of ``path``."""
    return {
        address: index.builds
        for address, indexes in worker_indexes(client).items()
        for index in indexes
        if index.source == str(path)
    }


def test_the_cluster_gives_the_lines_of_the_local_path_in_input_order(
    dask_cluster: Client, watchlist: Path
) -> None:
    settings = ScreeningSettings()
    expected = local_lines(watchlist, settings)
    got = dask_lines(watchlist, settings, dask_cluster, batch_size=3, in_flight=2)
    assert got == expected
    assert [line.split('"ref":"')[1].split('"')[0] for line in got][:3] == [
        "m1/1",
        "m1/2",
        "m1/3",
    ]
    assert '"uid":"un:QDi.006"' in got[0] and '"candidates":[]' in got[1]


def test_each_worker_builds_the_index_once_not_once_per_batch(
    dask_cluster: Client, watchlist: Path
) -> None:
    settings = ScreeningSettings()
    for _ in range(2):
        dask_lines(watchlist, settings, dask_cluster, batch_size=1)
    held = builds(dask_cluster, watchlist)
    # 78 batches of one traveller over two runs, and every worker that took one built once.
    assert held and set(held.values()) == {1}
    assert set(held) <= set(dask_cluster.nthreads())


def test_a_changed_watchlist_file_is_indexed_again(dask_cluster: Client, tmp_path: Path) -> None:
    path = tmp_path / "watchlist.jsonl"
    with path.open("w", encoding="utf-8", newline="\n") as out:
        write_jsonl(watchlist_records(FIXTURES / "subjects/watchlist.csv"), out)
    worker = next(iter(dask_cluster.nthreads()))
    # Both runs on one worker, so that it is the same process that sees the file change.
    with dask.annotate(workers=[worker]):
        before = dask_lines(path, ScreeningSettings(), dask_cluster, batch_size=8)
        with path.open("w", encoding="utf-8", newline="\n") as out:
            write_jsonl(watchlist_records(UN_EXCERPT), out)
        after = dask_lines(path, ScreeningSettings(), dask_cluster, batch_size=8)
    assert '"uid":"ru:fsb-2024-0017"' in before[4] and '"uid":"un:' not in before[0]
    assert '"uid":"un:QDi.006"' in after[0] and '"uid":"ru:fsb-2024-0017"' not in after[4]
    assert builds(dask_cluster, path) == {worker: 2}


def test_a_pair_judged_false_positive_does_not_alert_on_the_cluster(
    dask_cluster: Client, watchlist: Path
) -> None:
    key = traveller_key(MANIFEST[0][0])
    settings = ScreeningSettings(suppressed=frozenset({(key, "un:QDi.006"), ("other", "x")}))
    got = dask_lines(watchlist, settings, dask_cluster, batch_size=2)
    assert got == local_lines(watchlist, settings)
    assert '"candidates":[]' in got[0]
    assert '"suppressed_false_positives":["un:QDi.006"]' in got[0]
    # The same man in Arabic script is another traveller key: he still alerts.
    assert '"uid":"un:QDi.006"' in got[2]


def test_a_watchlist_no_worker_can_read_is_an_error_naming_it(
    dask_cluster: Client, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.jsonl"
    with pytest.raises(FormatError, match=r"missing\.jsonl: cannot be read on Dask worker tcp://"):
        dask_lines(missing, ScreeningSettings(), dask_cluster)


def test_a_malformed_watchlist_names_its_line(dask_cluster: Client, tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(FormatError) as raised:
        dask_lines(broken, ScreeningSettings(), dask_cluster)
    assert raised.value.location.file == str(broken) and raised.value.location.line == 1


def test_a_scheduler_that_does_not_answer_is_a_config_error() -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{free.getsockname()[1]}"
    with (
        dask.config.set({"distributed.comm.timeouts.connect": "1s"}),
        pytest.raises(ConfigError, match=f"no Dask scheduler answers at {address}"),
        dask_client(address),
    ):
        pass
