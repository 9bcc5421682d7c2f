"""Human-readable terminal output (rich): highlighted mentions, skill tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the extractor pulls in the taxonomy stack; `skillmap tag` never needs it here
    from rich.console import Console
    from rich.text import Text

    from ..extractor import ExtractionResult

CATEGORY_STYLE = {"specialized": "bold cyan", "common": "bold green", "qualification": "bold magenta"}
REQUIREMENT_STYLE = {"required": "", "preferred": "italic", "negated": "strike dim", "unspecified": "dim"}


def console() -> Console:
    # rich is imported on first use: every command module imports this one, and
    # `skillmap tag --quiet` prints nothing (25 ms of its start-up).
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def _highlighted_lines(text: str, result: ExtractionResult, all_mentions: bool) -> list[Text]:
    """The input lines that hold mentions, with each mention coloured by category."""
    from rich.text import Text

    mentions = [m for m in (result.mentions if all_mentions else result.skills) if m.source == "text"]
    by_line: dict[int, list] = {}
    for mention in mentions:
        line_start = text.rfind("\n", 0, mention.start) + 1
        by_line.setdefault(line_start, []).append(mention)
    lines = []
    for line_start in sorted(by_line):
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        shown = Text(text[line_start:line_end].strip()[:400])
        offset = len(text[line_start:line_end]) - len(text[line_start:line_end].lstrip())
        for mention in by_line[line_start]:
            a = mention.start - line_start - offset
            b = min(mention.end - line_start - offset, len(shown))
            if 0 <= a < b:
                style = CATEGORY_STYLE.get(mention.category, "bold")
                extra = REQUIREMENT_STYLE.get(mention.requirement, "")
                shown.stylize(f"{style} {extra}".strip(), a, b)
        lines.append(shown)
    return lines


def print_result(result: ExtractionResult, text: str, *, title: str | None = None, all_mentions: bool = False) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    header = f"Posting {result.id}" if result.id else "Posting"
    if title:
        header += f": {title}"
    out.rule(header)
    for line in _highlighted_lines(text, result, all_mentions):
        out.print(Text("  ") + line)
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("skill")
    table.add_column("category")
    table.add_column("requirement")
    table.add_column("evidence", overflow="fold")
    shown = result.mentions if all_mentions else result.skills
    for mention in shown:
        table.add_row(
            Text(mention.skill_id, style=CATEGORY_STYLE.get(mention.category, "")),
            mention.category,
            mention.requirement,
            mention.text if mention.source == "text" else f"{mention.text} (title)",
        )
    if shown:
        out.print(table)
    else:
        out.print("  no skills found")
    demanded = result.by_category()
    for category, ids in demanded.items():
        out.print(f"  [bold]{category}[/bold]: {', '.join(ids) if ids else '-'}")
    attributes = {k: v for k, v in result.attributes.to_dict().items() if v not in (None, [], False)}
    if attributes:
        if "pay" in attributes:
            pay = attributes["pay"]
            attributes["pay"] = f"{pay['min']:g}-{pay['max']:g} {pay['currency']}/{pay['unit'] or '?'}"
        out.print("  attributes: " + "; ".join(f"{k}={v}" for k, v in attributes.items()))
