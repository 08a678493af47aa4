"""The one header finder of the importers (dossiers, procedures, villages, households, survey slips)."""

from thanthien.core.spreadsheets import HEADER_SEARCH_ROWS, find_header

NAMES = {"ma ho so": "code", "ten thu tuc": "procedure", "ma": "code"}


def test_the_header_below_a_title_is_found_and_its_columns_named_by_their_first_cell():
    rows = [("BÁO CÁO HỒ SƠ",), (), ("STT", "Mã hồ sơ", "Tên thủ tục", "Mã"), ("1", "X-1", "Khai sinh")]
    header = find_header(rows, NAMES, required=["code"])
    assert header is not None
    assert (header.index, header.columns) == (2, {"code": 1, "procedure": 2})


def test_an_iterator_is_consumed_up_to_the_header_only_so_the_data_rows_follow():
    rows = iter([("Mã hồ sơ",), ("X-1",), ("X-2",)])
    assert find_header(rows, NAMES, required=["code"]) is not None
    assert list(rows) == [("X-1",), ("X-2",)]


def test_no_header_when_a_required_column_is_missing_or_the_header_is_too_far_down():
    assert find_header([("Tên thủ tục",)], NAMES, required=["code"]) is None
    far = [()] * HEADER_SEARCH_ROWS + [("Mã hồ sơ",)]
    assert find_header(far, NAMES, required=["code"]) is None


def test_a_callable_names_columns_and_accept_can_ask_for_more_than_names():
    def name_of(key: str) -> str | None:
        return f"question:{key[-1]}" if key.startswith("cau") else None

    rows = [("Câu 1",), ("Câu 1", "Câu 2")]
    header = find_header(rows, name_of, accept=lambda columns: len(columns) >= 2)
    assert header is not None
    assert (header.index, header.columns) == (1, {"question:1": 0, "question:2": 1})
