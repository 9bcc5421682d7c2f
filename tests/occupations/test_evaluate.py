"""The title evaluation's accuracy-coverage table."""

from skillmap.occupations.evaluate import TitleReport


def test_coverage_table_keeps_the_highest_scores_first():
    report = TitleReport(rows=10, abstained=2)
    # 8 coded rows: the three lowest scores are the wrong ones
    report.scored = [(0.9, True), (0.8, True), (0.85, True), (0.7, True), (0.75, True), (0.2, False), (0.3, False), (0.25, False)]
    table = {row["coverage"]: row for row in report.coverage_table()}
    assert 1.0 not in table and 0.9 not in table  # two abstentions: at most 80% coverage
    assert table[0.8] == {"coverage": 0.8, "rows": 8, "accuracy": 0.625, "min_score": 0.2}
    assert table[0.5]["accuracy"] == 1.0 and table[0.5]["min_score"] == 0.7


def test_report_dict_lists_the_coverage_table():
    report = TitleReport(rows=2, correct=1)
    report.scored = [(0.9, True), (0.1, False)]
    data = report.to_dict()
    assert data["coverage"][0] == {"coverage": 1.0, "rows": 2, "accuracy": 0.5, "min_score": 0.1}
