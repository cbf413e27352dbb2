"""``yanxiu plan --document``: the school's 研修方案 from [plan], the programs and their calendar —
Markdown content, Word read back with python-docx, HTML in headless Chromium, usage errors."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from yanxiu_core import App
from yanxiu_core.cli import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "configs" / "example"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ws") / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("*.db"))
    app = App(root=root)
    for sid in app.school_ids():
        app.import_configured(sid)
    app.close()
    return root


def plan(root: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["-w", str(root), "plan", *args])


@pytest.fixture(scope="module")
def chengnan_md(workspace: Path) -> str:
    result = plan(workspace, "--school", "chengnan", "--document")
    assert result.exit_code == 0, result.output
    return result.stdout


def section(md: str, heading: str) -> str:
    return md.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def school_toml(root: Path, school: str) -> dict[str, Any]:
    return tomllib.loads((root / "schools" / f"{school}.toml").read_text(encoding="utf-8"))


def roster_names(root: Path, school: str) -> dict[str, str]:
    lines = (root / "data" / school / "teachers.csv").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("工号"))
    return {row.split(",")[0]: row.split(",")[1] for row in lines[start + 1:] if row}


def lecture_dates(cfg: dict[str, Any], holidays: list[dt.date]) -> list[dt.date]:
    """The series' dates computed here: every ``every_weeks`` weeks from ``first_date`` to the
    term's end, minus the skipped ranges and the district's holidays."""
    lecture = cfg["programs"]["lecture"]
    day, end = lecture["first_date"], dt.date(2021, 8, 31)
    out = []
    while day <= end:
        skipped = any(r["start"] <= day <= r["end"] for r in lecture["skip_ranges"])
        if not skipped and day not in holidays:
            out.append(day)
        day += dt.timedelta(weeks=lecture["every_weeks"])
    return out


def test_markdown_has_the_parts_in_order(chengnan_md: str) -> None:
    md = chengnan_md
    assert md.startswith("# 城南实验小学2020学年校本研修方案\n")
    headings = re.findall(r"^## (?!附表)(.+)$", md, flags=re.M)
    assert headings == ["一、指导思想与研修主题", "二、研修目标", "三、组织机构", "四、研修项目与内容",
                        "五、研修安排", "六、保障措施"]
    assert "以“建设生态课堂 促进教师专业成长”为研修主题" in md.split("\n## ", 1)[0]
    body = md.split("\n## 附表1 ", 1)[0]
    assert body.rstrip().endswith("城南实验小学教科室\n\n2020年9月1日")


def test_aims_and_targets_come_from_the_config(workspace: Path, chengnan_md: str) -> None:
    cfg = school_toml(workspace, "chengnan")
    aims = section(chengnan_md, "二、研修目标")
    for i, aim in enumerate(cfg["plan"]["aims"], 1):
        assert f"{i}. {aim}\n" in aims
    rows = [line for line in aims.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == len(cfg["targets"])
    assert "| 10对师徒全部完成结对任务 | 影子行动完成全部任务（对） | 2020学年末 |" in rows
    assert "| 教师考核优秀率不低于40% | 教师考核优秀率 | 2020学年末 |" in rows  # no title: written
    assert "| 三年内区县级及以上骨干教师达到15人 | 区县级及以上骨干教师人数 | 2023年 |" in rows


def test_organisation_names_roster_teachers(workspace: Path, chengnan_md: str) -> None:
    cfg = school_toml(workspace, "chengnan")["plan"]["organisation"]
    names = roster_names(workspace, "chengnan")
    org = section(chengnan_md, "三、组织机构")
    leader = cfg["leading_group"][0]
    assert f"学校成立以{leader['post']}为组长的校本研修领导小组" in org
    heads = "、".join(names[t] for t in cfg["leading_group"][2]["teacher"])
    assert f"| 成员 | 教研组长：{heads} |" in org
    network = "、".join(f"{m['post']}为{m['level']}" for m in cfg["network"])
    assert f"学校建立以{network}的校本研修网络" in org
    assert "| 实施者 | 全体教师 | 按计划参加研修，完成学时与研修材料 |" in org


def test_programs_and_calendar_follow_the_plans(workspace: Path, chengnan_md: str) -> None:
    cfg = school_toml(workspace, "chengnan")
    district = tomllib.loads((workspace / "yanxiu.toml").read_text(encoding="utf-8"))
    dates = lecture_dates(cfg, district["holidays"])
    programs = section(chengnan_md, "四、研修项目与内容")
    titles = re.findall(r"^### （.）(.+)$", programs, flags=re.M)
    assert titles == [t["name"] for t in cfg["programs"].values()]
    lecture = re.split(r"### （.）城南大讲堂\n", programs, maxsplit=1)[1].split("### ", 1)[0]
    first, last = dates[0], dates[-1]
    assert (f"本学年计划开展活动{len(dates)}次（{first.year}年{first.month}月{first.day}日至"
            f"{last.year}年{last.month}月{last.day}日）") in lecture
    pairs = len(cfg["programs"]["shadow"]["pairs"])
    assert f"参与教师：导师{pairs}人、徒弟{pairs}人。" in programs
    calendar = section(chengnan_md, "五、研修安排")
    counts = [int(n) for n in re.findall(r"^\| \d{4}年\d+月 \| (\d+) \|", calendar, flags=re.M)]
    total = int(re.search(r"^\| \*\*合计\*\* \| \*\*(\d+)\*\* \|", calendar, flags=re.M)[1])
    assert sum(counts) == total
    appendix = chengnan_md.split("\n## 附表1 研修活动安排表\n", 1)[1]
    assert len(re.findall(r"^\| \d{4}-\d\d-\d\d \|", appendix, flags=re.M)) == total
    assert appendix.count("| 城南大讲堂 |") == len(dates)
    assert "详见附表1“研修活动安排表”。" in calendar


def test_a_school_without_programs_or_plan(workspace: Path, tmp_path: Path) -> None:
    result = plan(workspace, "--school", "hexi2", "--document", "-o", str(tmp_path / "方案.md"))
    assert result.exit_code == 0, result.output
    md = (tmp_path / "方案.md").read_text(encoding="utf-8")
    assert re.findall(r"^## (.+)$", md, flags=re.M) == [
        "一、指导思想与研修主题", "二、研修目标", "三、组织机构", "四、研修项目与内容", "五、研修安排",
        "六、保障措施", "附表1 研修活动安排表"]
    assert "提示" not in result.stderr
    # the same school without its programs and [plan]
    bare = tmp_path / "bare"
    shutil.copytree(workspace, bare)
    path = bare / "schools" / "hexi2.toml"
    text = path.read_text(encoding="utf-8").split("\n# 学习笔记与个人三年发展规划", 1)[0]
    path.write_text(re.sub(r'^"\w+\.\w+" = .*\n', "", text, flags=re.M), encoding="utf-8")
    result = plan(bare, "--school", "hexi2", "--document")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# 河西县第二小学2020学年校本研修方案")
    assert "## " not in result.stdout  # nothing stated, nothing planned: the title and preamble
    assert "提示：schools/hexi2.toml 的 [plan] 中没有写 [plan.organisation]" in result.stderr


def test_usage_errors(workspace: Path) -> None:
    result = plan(workspace, "--school", "chengnan", "--format", "docx")
    assert result.exit_code == 2 and "请加 --document" in result.output
    result = plan(workspace, "--school", "chengnan", "--document", "-o", "方案.ics")
    assert result.exit_code == 2 and "无法从文件名" in result.output
    result = plan(workspace, "--school", "chengnan", "--document", "--format", "html",
                  "-o", "方案.docx")
    assert result.exit_code == 2


def test_json_is_the_document_model(workspace: Path) -> None:
    result = plan(workspace, "--school", "chengnan", "--document", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "yanxiu.report"
    assert data["title"] == "城南实验小学2020学年校本研修方案"
    assert [s["key"] for s in data["sections"]] == [
        "guiding", "aims", "organisation", "programs", "calendar", "measures"]


def test_word_document_reads_back(workspace: Path, tmp_path: Path) -> None:
    import docx

    out = tmp_path / "研修方案.docx"
    result = plan(workspace, "--school", "chengnan", "--document", "-o", str(out))
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith("Heading")]
    assert [t for s, t in headings if s == "Heading 1"] == [
        "一、指导思想与研修主题", "二、研修目标", "三、组织机构", "四、研修项目与内容", "五、研修安排",
        "六、保障措施"]
    assert ("Heading 2", "（一）领导小组") in headings and ("Heading 2", "（二）研修网络") in headings
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert {"沈嘉禾（校长）", "第一责任人", "10对师徒全部完成结对任务", "2020年9月"} <= cells
    text = "\n".join(p.text for p in document.paragraphs)
    assert "城南实验小学2020学年校本研修方案" in text and "附表1" in text


def test_html_opens_offline_in_a_browser(workspace: Path, tmp_path: Path, chromium: Any) -> None:
    from browser import open_offline

    out = tmp_path / "研修方案.html"
    result = plan(workspace, "--school", "chengnan", "--document", "-o", str(out))
    assert result.exit_code == 0, result.output
    page, blocked, errors = open_offline(chromium, out)
    try:
        headings = page.eval_on_selector_all("h2", "els => els.map(e => e.textContent)")
        assert headings[:6] == ["一、指导思想与研修主题", "二、研修目标", "三、组织机构",
                                "四、研修项目与内容", "五、研修安排", "六、保障措施"]
        assert page.eval_on_selector("h1", "e => e.textContent") == "城南实验小学2020学年校本研修方案"
        rows = page.eval_on_selector_all("table tbody tr", "els => els.length")
        assert rows > 40  # the targets, the organisation, the months and every session
        height = page.eval_on_selector("table", "e => e.getBoundingClientRect().height")
        assert height > 0
    finally:
        page.close()
    assert blocked == [] and errors == []
