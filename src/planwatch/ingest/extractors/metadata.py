"""What a plan says about itself: title, region, period, issuer, date, draft status.

Plans put this on a cover before the first heading (title, ``（征求意见稿）``, the
issuing office, ``二〇二一年十月``), repeat it in the opening sentences (``规划期为
2021—2025年，远景展望至2035年``) or sign off at the end. Flattened Word files often
drop the cover, so each field has a fallback in the opening paragraphs. Text inside
《》 names other documents (the province's plan, the outline of the 14th five-year
plan) and is never read as this plan's own metadata.
"""

from __future__ import annotations

import re
from collections import Counter

from planwatch.ingest.cn_numbers import cn_integer, cn_year, fold_width
from planwatch.models import Block, Caption, Document, Heading, OutlineItem, Paragraph, PlanMetadata

TOP_BLOCKS = 12
TAIL_BLOCKS = 8
OPENING_PARAGRAPHS = 8
MAX_TITLE_CHARS = 60

PLAN_WORDS = re.compile(r"(规划|方案|计划|纲要)")
SENTENCE_PUNCT = re.compile(r"[。，；;,：:！？]")
DRAFT = re.compile(r"(征求意见稿|送审稿|草案|讨论稿|初稿|修改稿|报批稿|修订稿|评审稿)")
ISSUER_END = re.compile(
    r"(人民政府(?:办公室|办公厅)?|办公室|办公厅|委员会|管委会|经济和信息化局|经信局|"
    r"发展和改革局|发改局|科学技术局|科技局|商务局|局|厅)$"
)
_CN_DIGIT = "〇零一二三四五六七八九十"
DATE = re.compile(
    rf"^((?:19|20)\d{{2}}|[{_CN_DIGIT}○Ｏ]{{4}})\s*年\s*(\d{{1,2}}|[{_CN_DIGIT}]{{1,3}})\s*月"
    rf"(?:\s*(\d{{1,2}}|[{_CN_DIGIT}]{{1,3}})\s*日)?$"
)
YEAR = r"((?:19|20)\d{2}|二[〇○零][一二三四五六七八九〇○零]{2})"
RANGE = re.compile(rf"{YEAR}\s*年?\s*[-—–~～至到]+\s*{YEAR}\s*年?")
PERIOD_KEY = re.compile(rf"规划(?:期限|期|范围|时限)?(?:为|是|：|:)?\s*{YEAR}")
PERIOD_END_ONLY = re.compile(rf"规划(?:期限|期|时限)(?:为|是)?(?:至|到)\s*{YEAR}\s*年")
VISION = re.compile(rf"(?:展望|远景)[^。；，,]{{0,10}}?(?:到|至)?\s*{YEAR}\s*年")
FIVE_YEAR = re.compile(r"十([一二三四五六七八九])五")
# 十四五 naming a plan (十三五期间 in a review names the past, not this plan).
FIVE_YEAR_PLAN = re.compile(r"十([一二三四五六七八九])五[”\"]?[\u4e00-\u9fff]{0,8}规划")
QUOTED_DOC = re.compile(r"《[^》]*》")

# Region names: a short name and its administrative suffix.
_SUFFIX_LEVEL = {
    "自治区": "省", "省": "省", "自治州": "市", "市": "市", "州": "市", "盟": "市",
    "自治县": "县", "县": "县", "旗": "县", "区": "区",
}  # fmt: skip
REGION = re.compile(r"([\u4e00-\u9fff]{1,5}?)(自治区|自治州|自治县|省|市|县|旗|区)")
# Words that end like a region but name a kind of place.
NOT_REGION = re.compile(
    r"(园区|开发区|新区|示范区|山区|城区|市区|地区|景区|片区|功能区|工业区|产业区|集聚区|"
    r"先行区|试验区|保税区|高新区|街区|社区|城市|都市|超市|县域|县城|全省|全市|全县|全区|"
    r"本市|本县|本区|我市|我县|我区|各县|各市|各区)$"
)
COUNTY_CITY = re.compile(
    r"县级市|(?:位居|位列|居|列|排名)[^。；，]{0,8}县(?:市区|（市、区）|\(市、区\))"
)


def _text(block: Block) -> str:
    return re.sub(r"\s+", "", getattr(block, "text", "") or "")


def _top_blocks(doc: Document) -> list[Paragraph | Caption]:
    """The cover: text blocks before the first heading (at most TOP_BLOCKS)."""
    out: list[Paragraph | Caption] = []
    for block in doc.blocks[:TOP_BLOCKS]:
        if isinstance(block, Heading):
            break
        if isinstance(block, Paragraph | Caption):
            out.append(block)
    return out


def _tail_blocks(doc: Document) -> list[Paragraph]:
    paras = [b for b in doc.blocks if isinstance(b, Paragraph)]
    return paras[-TAIL_BLOCKS:]


def opening_paragraphs(doc: Document) -> list[str]:
    """The first paragraphs of running text (cover lines skipped)."""
    paras = [fold_width(b.text) for b in doc.blocks if isinstance(b, Paragraph)]
    return [p for p in paras if not _is_cover_line(_squeeze(p))][:OPENING_PARAGRAPHS]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _is_cover_line(text: str) -> bool:
    """Short and sentence-free: a line of a cover, not a paragraph."""
    return 0 < len(text) <= MAX_TITLE_CHARS and not SENTENCE_PUNCT.search(text)


def _is_title_part(text: str) -> bool:
    """Could be the first half of a title broken over two lines."""
    if not _is_cover_line(text) or DRAFT.search(text) or DATE.match(text):
        return False
    return not (ISSUER_END.search(text) or re.fullmatch(r"[（(].*[）)]", text))


def _adjacent(a: Block, b: Block) -> bool:
    la, lb = a.source.line, b.source.line
    return la is None or lb is None or 0 < lb - la <= 2


def title_from_cover(blocks: list[Paragraph | Caption]) -> str:
    for i, block in enumerate(blocks):
        text = _text(block)
        if not (_is_cover_line(text) and PLAN_WORDS.search(text)) or DRAFT.fullmatch(
            text.strip("（）()")
        ):
            continue
        if text.startswith("《") and text.endswith("》"):
            text = text[1:-1]
        if i > 0:
            prev = _text(blocks[i - 1])
            if (
                _is_title_part(prev)
                and not PLAN_WORDS.search(prev)
                and _adjacent(blocks[i - 1], block)
            ):
                text = prev + text
        return text
    return ""


def title_from_opening(paragraphs: list[str]) -> str:
    """A plan often names itself in its first sentence: ``XX县…规划，根据《…》``."""
    for para in paragraphs[:3]:
        for sentence in re.split(r"[。；;！？]", _squeeze(para)):
            # Only a sentence's subject: a plan named mid-sentence is another plan.
            first = re.split(r"[，,（(《]", sentence, maxsplit=1)[0]
            if len(first) <= 40 and re.search(r"(规划|方案|纲要)$", first) and region_chain(first):
                return first
    return ""


def find_title(doc: Document) -> str:
    return title_from_cover(_top_blocks(doc)) or title_from_opening(opening_paragraphs(doc))


def region_chain(text: str) -> list[str]:
    """Region names at the very start of `text`: 温州市瓯海区… → [温州市, 瓯海区]."""
    chain: list[str] = []
    pos = 0
    t = text.lstrip('“”"《')
    while True:
        m = REGION.match(t, pos)
        if not m or NOT_REGION.search(m.group(0)) or len(m.group(1)) < 1:
            break
        if m.group(2) in ("市", "县", "区", "旗") and len(m.group(1)) > 4:
            break
        chain.append(m.group(0))
        pos = m.end()
    return chain


def _frequent_region(doc: Document) -> str:
    """Fallback: the region name the text repeats most (at least three times)."""
    counts: Counter[str] = Counter()
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            for m in re.finditer(r"([\u4e00-\u9fff]{2,3})(市|县|区)", block.text):
                if not NOT_REGION.search(m.group(0)) and not re.match(r"[全本我各该]", m.group(0)):
                    counts[m.group(0)] += 1
    best = counts.most_common(1)
    return best[0][0] if best and best[0][1] >= 3 else ""


def level_of(name: str, chain: list[str], full_text: str) -> str:
    for suffix, level in sorted(_SUFFIX_LEVEL.items(), key=lambda kv: -len(kv[0])):
        if name.endswith(suffix):
            if level == "市" and _is_county_city(name, chain, full_text):
                return "县"
            return level
    return ""


def _is_county_city(name: str, chain: list[str], full_text: str) -> bool:
    """A 市 is county-level under another 市 (杭州市建德市) or when the text says so."""
    if len(chain) >= 2 and chain[-2].endswith("市") and chain[-1] == name:
        return True
    return bool(COUNTY_CITY.search(QUOTED_DOC.sub("", full_text)))


def find_region(doc: Document, title: str) -> tuple[str, str]:
    chain = region_chain(title)
    if not chain:
        for para in opening_paragraphs(doc)[:3]:
            chain = region_chain(para)
            if chain:
                break
    name = chain[-1] if chain else _frequent_region(doc)
    if not name:
        return "", ""
    full_text = "\n".join(_text(b) for b in doc.blocks if isinstance(b, Paragraph))
    return name, level_of(name, chain, full_text)


def _year(text: str | None) -> int | None:
    return cn_year(text) if text else None


def five_year_period(text: str) -> tuple[int, int] | None:
    """``十四五`` → (2021, 2025): the N-th five-year plan ends in 1955 + 5N."""
    m = FIVE_YEAR.search(text)
    if not m:
        return None
    n = 10 + (cn_integer(m.group(1)) or 0)
    end = 1955 + 5 * n
    return end - 4, end


def find_period(title: str, opening: list[str]) -> tuple[int | None, int | None]:
    bare = [QUOTED_DOC.sub("", p) for p in opening]
    for text in bare:
        key = PERIOD_KEY.search(text)
        if key:
            m = RANGE.search(text, key.start())
            if m and m.start() - key.start() <= 12:
                return _year(m.group(1)), _year(m.group(2))
        m = PERIOD_END_ONLY.search(text)
        if m and (end := _year(m.group(1))):
            return end - 4, end
    m = RANGE.search(title)
    if m:
        return _year(m.group(1)), _year(m.group(2))
    found = five_year_period(title)
    if found is None:
        found = _five_year_in_opening(bare)
    return found if found else (None, None)


def _five_year_in_opening(paragraphs: list[str]) -> tuple[int, int] | None:
    """十四五 where the opening names a plan (…“十四五”规划, 本规划…“十四五”期间)."""
    numbers: list[int] = []
    for sentence in re.split(r"[。；;]", "".join(paragraphs)):
        pattern = FIVE_YEAR if "本规划" in sentence else FIVE_YEAR_PLAN
        numbers += [cn_integer(n) or 0 for n in pattern.findall(sentence)]
    if not numbers:
        return None
    # The latest plan named is this one; an earlier one (十三五) is the past.
    return five_year_period(f"十{'一二三四五六七八九'[max(numbers) - 1]}五")


def find_vision(title: str, opening: list[str], period_end: int | None) -> int | None:
    for text in [title, *(QUOTED_DOC.sub("", p) for p in opening)]:
        for m in VISION.finditer(text):
            year = _year(m.group(1))
            if year and (period_end is None or year > period_end):
                return year
    m = re.search(rf"{YEAR}年远景目标", title)
    return _year(m.group(1)) if m else None


def _cover_and_tail(doc: Document) -> list[str]:
    return [_text(b) for b in _top_blocks(doc)] + [_text(b) for b in _tail_blocks(doc)]


def find_issuer(lines: list[str]) -> str:
    for text in lines:
        if (
            _is_cover_line(text)
            and len(text) <= 30
            and ISSUER_END.search(text)
            and not PLAN_WORDS.search(text)
        ):
            return text
    return ""


def _cn_or_int(text: str | None) -> int | None:
    if not text:
        return None
    text = fold_width(text)
    return int(text) if text.isdigit() else cn_integer(text)


def parse_date(text: str) -> str:
    """``二〇二一年十月`` → ``2021-10``; ``2021年10月12日`` → ``2021-10-12``; else ""."""
    m = DATE.match(fold_width(text).strip())
    if not m:
        return ""
    year, month, day = cn_year(m.group(1)), _cn_or_int(m.group(2)), _cn_or_int(m.group(3))
    if year is None or month is None or not 1 <= month <= 12:
        return ""
    if day is not None and 1 <= day <= 31:
        return f"{year}-{month:02d}-{day:02d}"
    return f"{year}-{month:02d}"


def find_issue_date(lines: list[str]) -> str:
    for text in lines:
        if len(text) <= 16:
            date = parse_date(text)
            if date:
                return date
    return ""


def is_draft(doc: Document, title: str) -> bool:
    return any(DRAFT.search(t) for t in [title, *(_text(b) for b in _top_blocks(doc))])


def outline(doc: Document) -> list[OutlineItem]:
    return [
        OutlineItem(
            level=h.level,
            numbering=h.numbering,
            text=h.text,
            line=h.source.line,
            page=h.source.page,
        )
        for h in doc.headings()
    ]


def extract_metadata(doc: Document) -> PlanMetadata:
    title = find_title(doc)
    opening = opening_paragraphs(doc)
    region, level = find_region(doc, title)
    start, end = find_period(title, opening)
    lines = _cover_and_tail(doc)
    return PlanMetadata(
        title=title,
        region=region,
        region_level=level,  # type: ignore[arg-type]
        period_start=start,
        period_end=end,
        vision_year=find_vision(title, opening, end),
        issuer=find_issuer(lines),
        issue_date=find_issue_date(lines),
        draft=is_draft(doc, title),
        outline=outline(doc),
    )
