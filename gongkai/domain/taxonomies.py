"""Seed data for the four editable taxonomies (分类体系) an item is filed under.

Pure data, no Django. The data migration ``catalog/0003_seed_categories`` copies
these entries into ``Category`` rows (matched on scheme + code); after that they
are edited in the admin, and this module is only the starting point.

Schemes
-------
``domain``
    The 26 pilot domains of 基层政务公开标准化规范化 (国办发〔2019〕54号: “国务院部门制定的
    26个试点领域标准指引”). The *count* of 26 is verified, the list as a set is not
    (domain spec §4). These six names were **not** confirmed in any source read and
    must be checked against the local 标准目录 before they are relied on:
    城乡规划, 税收管理, 国有土地上房屋征收与补偿, 环境保护 (also seen as 生态环境),
    城市综合执法, 市政服务. 扶贫 is often renamed 乡村振兴 locally, and 卫生健康 is
    also called 医疗卫生; the descriptions say so.
``statutory``
    法定主动公开内容: 《政府信息公开条例》(2019) 第二十条 (一)–(十五), wording
    verbatim from the regulation, and 第二十一条, split into the 市、县级 list and the
    乡（镇）list. Codes: ``ART20`` → ``ART20-01`` … ``ART20-15``; ``ART21`` →
    ``ART21-C`` (市、县级) → ``ART21-C-01`` …, and ``ART21-T`` (乡镇) → ``ART21-T-01`` ….
``topic``
    主题分类: the top-level classes of the 国务院公文主题词表 as used by government
    information catalogues.
``genre``
    体裁: the 党政机关公文 types (《党政机关公文处理工作条例》) plus the other kinds of
    document that catalogues list (规章, 行政规范性文件, 规划, 计划, 总结, 公示, 其他).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple, TypeAlias


class Entry(NamedTuple):
    """One taxonomy entry; ``parent`` is the code of an entry earlier in the same list."""

    code: str
    name: str
    parent: str | None = None
    description: str = ""


DOMAIN = "domain"
STATUTORY = "statutory"
TOPIC = "topic"
GENRE = "genre"

# ---------------------------------------------------------------- 26 基层政务公开 domains

UNVERIFIED_DOMAIN_NAMES = frozenset({
    "城乡规划", "税收管理", "国有土地上房屋征收与补偿", "环境保护", "城市综合执法", "市政服务",
})

_DOMAIN_ROWS = [
    ("城乡规划", "城乡规划的编制、审批、调整和实施情况"),
    ("重大建设项目", "重大建设项目的批准、实施、招标投标和竣工验收情况"),
    ("公共资源交易", "工程建设项目招标投标、政府采购、国有产权交易等公共资源交易信息"),
    ("财政预决算", "本级政府及部门预算、决算和“三公”经费信息（也称“财政预算决算”）"),
    ("安全生产", "安全生产责任、隐患排查、监督检查、事故调查处理情况"),
    ("税收管理", "税收政策、办税指南、减税降费措施"),
    ("征地补偿", "征收土地的批准、补偿标准、安置方案和补偿费用发放情况"),
    ("国有土地上房屋征收与补偿", "房屋征收决定、补偿方案、补偿结果"),
    ("农村危房改造", "农村危房改造政策、对象认定和补助发放情况"),
    ("环境保护", "生态环境保护政策、环境监测、环境执法情况（部分地方称“生态环境”）"),
    ("公共文化服务", "公共文化设施、文化活动和服务项目"),
    ("扶贫", "扶贫（巩固拓展脱贫攻坚成果、乡村振兴）政策、项目和资金情况（部分地方称“乡村振兴”）"),
    ("救灾", "灾害预警、受灾情况、救灾款物分配和发放情况"),
    ("食品药品监管", "食品药品安全监督检查和抽检情况"),
    ("城市综合执法", "城市管理综合行政执法的依据、程序和结果"),
    ("就业", "就业创业政策、招聘信息、公益性岗位"),
    ("社会保险", "养老、医疗、失业、工伤等社会保险政策和经办服务"),
    ("社会救助", "最低生活保障、特困人员供养、临时救助等社会救助政策和对象公示"),
    ("养老服务", "养老服务政策、养老机构、高龄津贴等"),
    ("户籍管理", "户口登记、迁移、居民身份证办理指南"),
    ("涉农补贴", "耕地地力保护、农机购置等惠农补贴政策和发放情况"),
    ("义务教育", "义务教育招生入学、学生资助、教育收费"),
    ("卫生健康", "基本公共卫生服务、家庭医生签约、医疗保障等（也称“医疗卫生”）"),
    ("市政服务", "供水、供气、道路、环卫等市政公用服务"),
    ("公共法律服务", "法律援助、人民调解、公证等公共法律服务"),
    ("保障性住房", "公共租赁住房等保障性住房的政策、分配和管理情况"),
]

DOMAINS: list[Entry] = [
    Entry(f"D{i:02d}", name, None, desc + ("。名称待核实。" if name in UNVERIFIED_DOMAIN_NAMES else "。"))
    for i, (name, desc) in enumerate(_DOMAIN_ROWS, start=1)
]

# ---------------------------------------------------------------- 法定主动公开内容

ART20_LEAD = "行政机关应当依照本条例第十九条的规定，主动公开本行政机关的下列政府信息："

# (short name, verbatim clause of 第二十条)
ART20_CLAUSES = [
    ("行政法规、规章和规范性文件", "行政法规、规章和规范性文件"),
    ("机构职能", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    ("规划信息", "国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    ("统计信息", "国民经济和社会发展统计信息"),
    ("行政许可和对外管理服务事项", "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"),
    ("行政处罚和行政强制",
     "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定"),
    ("财政预算、决算", "财政预算、决算信息"),
    ("行政事业性收费", "行政事业性收费项目及其依据、标准"),
    ("政府集中采购", "政府集中采购项目的目录、标准及实施情况"),
    ("重大建设项目", "重大建设项目的批准和实施情况"),
    ("民生政策及实施情况", "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    ("突发公共事件", "突发公共事件的应急预案、预警信息及应对情况"),
    ("监督检查情况", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    ("公务员招考", "公务员招考的职位、名额、报考条件等事项以及录用结果"),
    ("其他法定主动公开信息", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
]

CN_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
               "十一", "十二", "十三", "十四", "十五"]

ART21_TEXT = (
    "除本条例第二十条规定的政府信息外，设区的市级、县级人民政府及其部门还应当根据本地方的具体情况，"
    "主动公开涉及市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、社会救助等方面的政府信息；"
    "乡(镇)人民政府还应当根据本地方的具体情况，主动公开贯彻落实农业农村政策、农田水利工程建设运营、"
    "农村土地承包经营权流转、宅基地使用情况审核、土地征收、房屋征收、筹资筹劳、社会救助等方面的政府信息。"
)
ART21_COUNTY_ITEMS = ["市政建设", "公共服务", "公益事业", "土地征收", "房屋征收", "治安管理", "社会救助"]
ART21_TOWN_ITEMS = ["贯彻落实农业农村政策", "农田水利工程建设运营", "农村土地承包经营权流转",
                    "宅基地使用情况审核", "土地征收", "房屋征收", "筹资筹劳", "社会救助"]


def _statutory() -> list[Entry]:
    out = [Entry("ART20", "第二十条 主动公开的政府信息", None, f"《政府信息公开条例》第二十条：{ART20_LEAD}")]
    for i, (short, clause) in enumerate(ART20_CLAUSES, start=1):
        out.append(Entry(f"ART20-{i:02d}", short, "ART20",
                         f"《政府信息公开条例》第二十条第（{CN_NUMERALS[i - 1]}）项：{clause}"))
    out.append(Entry("ART21", "第二十一条 结合本地方具体情况主动公开的政府信息", None,
                     f"《政府信息公开条例》第二十一条：{ART21_TEXT}"))
    out.append(Entry("ART21-C", "设区的市级、县级人民政府及其部门", "ART21",
                     "第二十一条：设区的市级、县级人民政府及其部门还应当主动公开的政府信息"))
    for i, name in enumerate(ART21_COUNTY_ITEMS, start=1):
        out.append(Entry(f"ART21-C-{i:02d}", name, "ART21-C",
                         f"第二十一条（设区的市级、县级人民政府及其部门）：涉及{name}方面的政府信息"))
    out.append(Entry("ART21-T", "乡（镇）人民政府", "ART21",
                     "第二十一条：乡（镇）人民政府还应当主动公开的政府信息"))
    for i, name in enumerate(ART21_TOWN_ITEMS, start=1):
        out.append(Entry(f"ART21-T-{i:02d}", name, "ART21-T",
                         f"第二十一条（乡（镇）人民政府）：{name}方面的政府信息"))
    return out


STATUTORY_ENTRIES: list[Entry] = _statutory()

# ---------------------------------------------------------------- 主题分类

_TOPIC_NAMES = [
    "综合政务", "国民经济管理、国有资产监管", "财政、金融、审计", "国土资源、能源", "农业、林业、水利",
    "工业、交通", "商贸、海关、旅游", "市场监管、安全生产监管", "城乡建设、环境保护", "科技、教育",
    "文化、广电、新闻出版", "卫生、体育", "人口与计划生育、妇女儿童工作", "劳动、人事、监察",
    "公安、安全、司法", "民政、扶贫、救灾", "民族、宗教", "对外事务", "港澳台侨工作", "国防", "其他",
]
TOPICS: list[Entry] = [Entry(f"T{i:02d}", name, None, "国务院公文主题词表一级类目")
                       for i, name in enumerate(_TOPIC_NAMES, start=1)]

# ---------------------------------------------------------------- 体裁

_OFFICIAL_GENRES = ["决定", "命令（令）", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复",
                    "议案", "函", "纪要"]
_OTHER_GENRES = [
    ("规章", "地方政府规章"),
    ("行政规范性文件", "行政机关依法制定、涉及公民、法人和其他组织权利义务、在一定时期内反复适用的公文"),
    ("规划", "发展规划、专项规划、区域规划"),
    ("计划", "工作计划、工作方案、工作要点"),
    ("总结", "工作总结、年度报告以外的工作情况"),
    ("公示", "在一定期限内公开征求意见或接受监督的事项"),
    ("其他", "不属于以上体裁的信息"),
    ("政策解读", "对政策文件的解读材料和解读产品（文字、图解、音视频、新闻发布会等），与文件同步发布"),
]
GENRES: list[Entry] = (
    [Entry(f"G{i:02d}", name, None, "党政机关公文种类") for i, name in enumerate(_OFFICIAL_GENRES, start=1)]
    + [Entry(f"G{i:02d}", name, None, desc)
       for i, (name, desc) in enumerate(_OTHER_GENRES, start=len(_OFFICIAL_GENRES) + 1)]
)

SCHEMES: dict[str, list[Entry]] = {
    DOMAIN: DOMAINS,
    STATUTORY: STATUTORY_ENTRIES,
    TOPIC: TOPICS,
    GENRE: GENRES,
}


# ---------------------------------------------------------------- helpers

def entries(scheme: str) -> list[Entry]:
    """The seed entries of one scheme, parents before children."""
    return SCHEMES[scheme]


def code_of(scheme: str, name: str) -> str:
    """The code of the top-most entry called ``name`` in ``scheme``; KeyError if none."""
    for entry in SCHEMES[scheme]:
        if entry.name == name:
            return entry.code
    raise KeyError(f"{scheme}: no entry named {name!r}")


def problems() -> list[str]:
    """Consistency checks: unique codes, parents known and listed first, names present."""
    found = []
    for scheme, rows in SCHEMES.items():
        seen: set[str] = set()
        for entry in rows:
            if entry.code in seen:
                found.append(f"{scheme}: duplicate code {entry.code}")
            if entry.parent is not None and entry.parent not in seen:
                found.append(f"{scheme}: {entry.code} names parent {entry.parent} not listed before it")
            if not entry.name.strip() or len(entry.code) > 30 or len(entry.name) > 100:
                found.append(f"{scheme}: {entry.code} has an empty or over-long code or name")
            seen.add(entry.code)
    return found


# ---------------------------------------------------------------- paths (分类路径)
#
# Several entries share a name: 社会救助 is a domain, an ART21-C and an ART21-T entry;
# 土地征收/房屋征收 are in both 第二十一条 lists. Wherever entries of different places are
# shown together (the item form, the public item page, the filters) each is shown with its
# path, so a reader can tell them apart.

PATH_SEPARATOR = " › "

#: How an entry is named when it stands *above* another in a path (its full name is long).
SHORT_NAMES = {
    "ART20": "第二十条",
    "ART21": "第二十一条",
    "ART21-C": "市、县级",
    "ART21-T": "乡（镇）",
}

#: The heading of a scheme whose entries are all top-level (the 26 domains).
SCHEME_HEADINGS = {
    DOMAIN: "基层政务公开领域",
    STATUTORY: "法定主动公开内容",
    TOPIC: "主题分类",
    GENRE: "体裁",
}


#: The key of an entry: a ``Category`` pk, or the code of a seed entry.
Key: TypeAlias = int | str


class Node(NamedTuple):
    """An entry as stored: its own key, the key of its parent (or None), code and scheme."""

    key: int | str
    name: str
    parent: int | str | None
    code: str = ""
    scheme: str = ""


#: Entries by key, looked up by parent key too (None for a top-level entry: no match).
ByKey: TypeAlias = Mapping[Key | None, Node]


def short_name(node: Node) -> str:
    """The name used for ``node`` as an ancestor: 第二十一条, not the whole heading."""
    if node.code in SHORT_NAMES:
        return SHORT_NAMES[node.code]
    head = node.name.split(maxsplit=1)
    return head[0] if head and head[0].startswith("第") and head[0].endswith("条") else node.name


def ancestors(node: Node, by_key: ByKey) -> list[Node]:
    """The ancestors of ``node``, top-most first (a loop or an unknown parent ends the walk)."""
    out: list[Node] = []
    seen = {node.key}
    current = by_key.get(node.parent)
    while current is not None and current.key not in seen:
        out.append(current)
        seen.add(current.key)
        current = by_key.get(current.parent)
    return out[::-1]


def path(node: Node, by_key: ByKey) -> tuple[str, ...]:
    """The names from the top down to ``node``; a top-level entry of a flat scheme (a
    domain) gets its scheme's heading in front: ("基层政务公开领域", "社会救助")."""
    above = [short_name(a) for a in ancestors(node, by_key)]
    if not above and node.scheme == DOMAIN:
        above = [SCHEME_HEADINGS[DOMAIN]]
    return (*above, node.name)


def path_label(node: Node, by_key: ByKey) -> str:
    """The path as one line: 第二十一条 › 乡（镇） › 社会救助."""
    return PATH_SEPARATOR.join(path(node, by_key))


def option_labels(nodes: list[Node], shown: list[Node] | None = None) -> dict[Key, str]:
    """key → label for choosing among ``shown`` (default: all): the plain name where it is
    unique among them, the path where the name repeats."""
    by_key: dict[Key | None, Node] = {n.key: n for n in nodes}
    shown = nodes if shown is None else shown
    counts: dict[str, int] = {}
    for n in shown:
        counts[n.name] = counts.get(n.name, 0) + 1
    return {n.key: (n.name if counts[n.name] == 1 else path_label(n, by_key)) for n in shown}


def leaves(nodes: list[Node]) -> list[Node]:
    """The entries no other entry names as its parent."""
    parents = {n.parent for n in nodes}
    return [n for n in nodes if n.key not in parents]


def groups(nodes: list[Node], shown: list[Node] | None = None) -> list[tuple[str, list[Node]]]:
    """``shown`` (default: the leaves) grouped under the path of their parent, in the order
    given: [("基层政务公开领域", […]), ("第二十条", […]), ("第二十一条 › 市、县级", […]), …]."""
    by_key: dict[Key | None, Node] = {n.key: n for n in nodes}
    out: dict[str, list[Node]] = {}
    for n in leaves(nodes) if shown is None else shown:
        parent = by_key.get(n.parent) if n.parent is not None else None
        heading = path_label(parent, by_key) if parent else SCHEME_HEADINGS.get(n.scheme, n.scheme)
        out.setdefault(heading, []).append(n)
    return list(out.items())


def filed_paths(nodes: list[Node], filed_keys: Iterable[Key]) -> list[str]:
    """The paths of the entries an item is filed under, each once: an entry that is an
    ancestor of another filed entry is left out (the longer path names it), and identical
    paths are shown once. In the order of ``nodes``."""
    by_key: dict[Key | None, Node] = {n.key: n for n in nodes}
    filed = [by_key[k] for k in dict.fromkeys(filed_keys) if k in by_key]
    covered = {a.key for n in filed for a in ancestors(n, by_key)}
    order = {n.key: i for i, n in enumerate(nodes)}
    labels = [path_label(n, by_key) for n in sorted(filed, key=lambda n: order[n.key]) if n.key not in covered]
    return list(dict.fromkeys(labels))
