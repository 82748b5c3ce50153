"""Text templates for the demo data (``gongkai.demo``): titles and bodies of the
items a fictional county (青禾县) and its units publish.

Pure data and string formatting, no Django. Every place, person and project here
is invented. ``{name}`` fields are filled from the context ``gongkai.demo.items``
builds for each item (unit, year, month, village, amounts, dates, …).
"""
from __future__ import annotations

from dataclasses import dataclass

# Unit keys used by the demo: the county government, the 街道, the 镇 and four 县直部门.
COUNTY, STREET, TOWN = "county", "jd", "zhen"
MZ, CZ, ZR, JY = "mz", "cz", "zr", "jy"
BASE = (STREET, TOWN)
ALL = (COUNTY, STREET, TOWN, MZ, CZ, ZR, JY)


@dataclass(frozen=True)
class Template:
    """How one kind of item is written.

    ``statutory`` is a code of the 法定主动公开内容 scheme; ``statutory_town``
    replaces it for a 乡镇 (第二十一条's 乡镇 list). ``domain``, ``topic`` and
    ``genre`` are category *names*. ``attach`` lists attachments as
    ``(kind, generator, file name)``; the file name may use the stable context
    fields (``short``, ``county``, ``year``). ``months`` restricts the 成文日期;
    ``yearly`` allows one such item per unit and year.
    """

    key: str
    units: tuple[str, ...]
    weight: int
    title: str
    genre: str
    topic: str
    domain: str | None
    statutory: str
    body: tuple[str, ...]
    statutory_town: str | None = None
    doc: bool = False
    attach: tuple[tuple[str, str, str], ...] = ()
    months: tuple[int, ...] = ()
    yearly: bool = False
    table: str | None = None
    repealable: bool = False
    doc_prefix: str | None = None

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return (self.body,) if isinstance(self.body, str) else self.body


OBJECTION = ("公示期为{start}至{end}。公示期间，如对公示内容有异议，可向{short}{office}反映，"
             "监督电话：{phone}。")
CONTACT = "联系电话：{phone}。联系地址：{address}。"

TEMPLATES: list[Template] = [
    # ------------------------------------------------------------ every unit
    Template(
        "budget", ALL, 3, "{unit}{year}年部门预算公开", "其他", "财政、金融、审计", "财政预决算", "ART20-07",
        ("根据《中华人民共和国预算法》和财政部门关于预决算公开的有关规定，现将{unit}{year}年部门预算公开如下。",
         "一、收支预算总体情况。{year}年收入预算{total}万元，支出预算{total}万元，其中基本支出{basic}万元，"
         "项目支出{project_amt}万元。",
         "二、“三公”经费预算情况。{year}年“三公”经费预算{sangong}万元，比上年减少{pct}%，其中公务接待费"
         "{reception}万元，公务用车运行维护费{car}万元，因公出国（境）费用0万元。",
         "三、政府采购预算情况。{year}年政府采购预算{procure}万元。",
         "四、名词解释及部门预算公开表详见附件。"),
        attach=(("xlsx", "budget", "{short}{year}年部门预算公开表.xlsx"),),
        months=(1, 2, 3), yearly=True),
    Template(
        "final_accounts", ALL, 3, "{unit}{y_prev}年度部门决算公开", "其他", "财政、金融、审计", "财政预决算",
        "ART20-07",
        ("现将{unit}{y_prev}年度部门决算公开如下。",
         "一、收入支出决算总体情况。{y_prev}年度收入总计{total}万元，支出总计{spent}万元，年末结转和结余"
         "{carry}万元。",
         "二、“三公”经费支出决算情况。{y_prev}年度“三公”经费支出{sangong}万元，完成预算的{pct2}%。"
         "决算数小于预算数的主要原因是严格落实过紧日子要求，压减公务接待和公务用车运行支出。",
         "三、部门决算公开表详见附件。"),
        attach=(("xlsx", "budget", "{short}{y_prev}年度部门决算公开表.xlsx"),),
        months=(7, 8, 9), yearly=True),
    Template(
        "annual_report", ALL, 3, "{unit}{y_prev}年政府信息公开工作年度报告", "报告", "综合政务", None,
        "ART20-15",
        ("本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》要求编制。"
         "报告所列数据统计期限为{y_prev}年1月1日至{y_prev}年12月31日。",
         "一、总体情况。{y_prev}年，{unit}坚持以公开为常态、不公开为例外，主动公开政府信息{published_n}条，"
         "其中规范性文件{rules_n}件；受理政府信息公开申请{apps_n}件，均在法定期限内答复。",
         "二、主动公开政府信息情况、三、收到和处理政府信息公开申请情况、四、政府信息公开行政复议、行政诉讼情况"
         "详见附表。",
         "五、存在的主要问题及改进情况。基层公开标准目录动态更新还不够及时，下一步将加强培训，"
         "完善信息发布审核机制。",
         "六、其他需要报告的事项。本年度未收取信息处理费。"),
        months=(1,), yearly=True),
    Template(
        "summary_half", ALL, 2, "{unit}{year}年上半年工作总结", "总结", "综合政务", None, "ART20-15",
        ("{year}年上半年，{unit}在县委、县政府的坚强领导下，围绕年度目标任务，扎实推进各项工作。",
         "一、主要工作完成情况。重点项目完成投资{total}万元；办理群众诉求{apps_n}件，办结率{pct2}%；"
         "开展安全生产检查{checks}次，整改隐患{issues}处。",
         "二、存在的问题。部分项目推进较慢，基层服务能力有待提升。",
         "三、下半年工作打算。紧盯年度目标，补短板、强弱项，确保全年任务圆满完成。"),
        months=(7,), yearly=True),
    Template(
        "summary_year", ALL, 2, "{unit}{year}年工作总结和{y_next}年工作计划", "总结", "综合政务", None,
        "ART20-15",
        ("{year}年，{unit}认真贯彻落实上级决策部署，各项工作取得新进展。",
         "一、{year}年工作总结。全年完成重点项目投资{total}万元，民生支出占比{pct2}%；"
         "累计开展安全生产检查{checks}次，整改隐患{issues}处。",
         "二、{y_next}年工作计划。持续抓好项目建设、民生保障、安全生产和基层治理，"
         "推进政务公开标准化规范化建设。"),
        months=(12,), yearly=True),
    Template(
        "org_info", ALL, 1, "{unit}机构职能和联系方式（{year}年更新）", "其他", "综合政务", None, "ART20-02",
        ("一、主要职责。{duties}",
         "二、内设机构。{sections}。",
         "三、办公地址：{address}。办公时间：{hours}。联系电话：{phone}。"),
        months=(1, 2, 3, 4), yearly=True),
    Template(
        "procure_intent", ALL, 1, "{unit}{year}年第{quarter}季度政府采购意向公开", "公告", "财政、金融、审计",
        "公共资源交易", "ART20-09",
        ("为便于供应商及时了解政府采购信息，根据财政部门关于开展政府采购意向公开工作的有关规定，"
         "现将{unit}{year}年第{quarter}季度采购意向公开如下，预算金额合计{procure}万元。",
         "本次公开的采购意向是本单位政府采购工作的初步安排，具体采购项目情况以相关采购公告和采购文件为准。"),
        attach=(("xlsx", "procurement", "{short}{year}年政府采购意向表.xlsx"),)),
    Template(
        "open_plan", ALL, 1, "{unit}{year}年政务公开工作要点", "计划", "综合政务", None, "ART20-15",
        ("为深入推进政务公开标准化规范化，结合工作实际，制定{year}年政务公开工作要点。",
         "一、加强政策解读和回应关切，重要政策文件与解读材料同步发布。",
         "二、动态更新基层政务公开标准目录，规范信息发布审核，做到先审后发。",
         "三、规范办理政府信息公开申请，依法按时答复。"),
        months=(2, 3, 4), yearly=True),

    # ------------------------------------------------------------ 街道 and 镇
    Template(
        "dibao_pay", BASE, 6, "{short}{year}年{month}月城乡最低生活保障金发放情况公示", "公示",
        "民政、扶贫、救灾", "社会救助", "ART20-11",
        ("根据《社会救助暂行办法》和《{county}城乡居民最低生活保障实施办法》，现将{short}{year}年{month}月"
         "城乡最低生活保障金发放情况公示如下。",
         "本月共保障城乡低保对象{households}户{persons}人，发放低保金{amount_yuan}元，"
         "城乡低保标准为每人每月{dibao_std}元。发放明细见附件。", OBJECTION),
        statutory_town="ART21-T-08",
        attach=(("xlsx", "dibao", "{short}{year}年低保金发放明细表.xlsx"),)),
    Template(
        "dibao_change", BASE, 4, "关于{village}{year}年第{n}批低保对象新增和退出情况的公示", "公示",
        "民政、扶贫、救灾", "社会救助", "ART20-11",
        ("经本人申请、入户调查、民主评议和审核，现将{village}{year}年第{n}批城乡低保对象新增和退出情况公示如下：",
         "{table}", OBJECTION),
        statutory_town="ART21-T-08", table="dibao"),
    Template(
        "temp_aid", BASE, 2, "{short}{year}年第{quarter}季度临时救助情况公示", "公示", "民政、扶贫、救灾",
        "社会救助", "ART20-11",
        ("{year}年第{quarter}季度，{short}共实施临时救助{households}户次，发放临时救助金{amount_yuan}元，"
         "主要用于因病、因灾、因意外事故导致基本生活暂时困难的家庭。", OBJECTION),
        statutory_town="ART21-T-08"),
    Template(
        "elder_allowance", BASE, 3, "{short}{year}年{month}月高龄津贴发放情况公示", "公示", "民政、扶贫、救灾",
        "养老服务", "ART20-11",
        ("根据《{county}高龄津贴发放管理办法》，现将{short}{year}年{month}月高龄津贴发放情况公示如下：",
         "本月共为{persons}名80周岁以上老年人发放高龄津贴{amount_yuan}元，其中百岁老人{centenarians}名。",
         OBJECTION),
        attach=(("xlsx", "elder", "{short}{year}年高龄津贴发放明细表.xlsx"),)),
    Template(
        "safety_check", BASE, 4, "关于开展{year}年{season}季安全生产大检查的通知", "通知",
        "市场监管、安全生产监管", "安全生产", "ART20-13",
        ("各村（社区）、各站所、辖区各生产经营单位：",
         "为有效防范和遏制各类生产安全事故，经研究，决定在全{level}范围内开展{year}年{season}季安全生产大检查。"
         "现将有关事项通知如下：",
         "一、检查时间。{start}至{end}。",
         "二、检查重点。道路交通、消防、建筑施工、燃气、危险化学品、人员密集场所和自建房等领域。",
         "三、工作要求。各单位要落实属地管理和企业主体责任，建立隐患整改台账，整改完成前不得恢复生产经营。"),
        doc=True, attach=(("docx", "safety_plan", "{short}{year}年安全生产大检查工作方案.docx"),)),
    Template(
        "safety_report", BASE, 3, "关于{year}年{month}月安全生产检查情况的通报", "通报",
        "市场监管、安全生产监管", "安全生产", "ART20-13",
        ("{year}年{month}月，{short}组织开展安全生产检查{checks}次，检查生产经营单位{firms}家，"
         "发现一般隐患{issues}处，已整改{fixed}处，其余隐患正在限期整改。",
         "下一步，将对未整改到位的隐患开展“回头看”，对拒不整改的依法移交有关部门处理。"),
        doc=True),
    Template(
        "flood_plan", BASE, 2, "关于印发《{short}{year}年防汛抗旱应急预案》的通知", "通知", "农业、林业、水利",
        "救灾", "ART20-12",
        ("各村（社区）、各站所：",
         "现将《{short}{year}年防汛抗旱应急预案》印发给你们，请认真贯彻执行。汛期实行24小时值班制度，"
         "值班电话：{phone}。"),
        doc=True, months=(4, 5),
        attach=(("docx", "flood", "{short}{year}年防汛抗旱应急预案.docx"),), yearly=True),
    Template(
        "winter_aid", BASE, 2, "{short}{year}年受灾困难群众冬春生活救助资金发放公示", "公示",
        "民政、扶贫、救灾", "救灾", "ART20-11",
        ("为保障受灾困难群众冬春期间基本生活，现将{short}{year}年冬春生活救助资金发放情况公示如下：",
         "共救助{households}户{persons}人，发放救助资金{amount_yuan}元。发放明细见附件。", OBJECTION),
        statutory_town="ART21-T-08", months=(1, 2, 11, 12),
        attach=(("xlsx", "aid", "{short}{year}年冬春生活救助资金发放表.xlsx"),)),
    Template(
        "revival_plan", BASE, 2, "{short}{year}年度乡村振兴衔接资金项目计划公示", "公示", "民政、扶贫、救灾",
        "扶贫", "ART20-11",
        ("根据巩固拓展脱贫攻坚成果同乡村振兴有效衔接资金项目管理有关规定，现将{short}{year}年度衔接资金"
         "项目计划公示如下：共安排项目{projects_n}个，计划使用衔接资金{total}万元。项目明细见附件。",
         OBJECTION),
        statutory_town="ART21-T-01", months=(2, 3, 4), yearly=True,
        attach=(("xlsx", "projects", "{short}{year}年衔接资金项目计划表.xlsx"),)),
    Template(
        "revival_progress", BASE, 2, "{short}{year}年第{quarter}季度衔接资金项目实施进度公示", "公示",
        "民政、扶贫、救灾", "扶贫", "ART20-11",
        ("截至{year}年第{quarter}季度末，{short}衔接资金项目已开工{projects_n}个，完工{done_n}个，"
         "资金支出进度{pct2}%。",
         "项目建设接受群众监督，监督电话：{phone}。"),
        statutory_town="ART21-T-01"),
    Template(
        "pension", BASE, 2, "关于做好{year}年度城乡居民基本养老保险参保缴费工作的通知", "通知",
        "劳动、人事、监察", "社会保险", "ART20-11",
        ("各村（社区）：",
         "{year}年度城乡居民基本养老保险缴费工作已经开始。缴费档次分为每年200元至6000元共14个档次，"
         "参保人可自主选择。政府对选择较高档次缴费的给予相应补贴。",
         "请各村（社区）做好政策宣传，引导符合条件的居民按时参保缴费。咨询电话：{phone}。"),
        doc=True, months=(3, 4, 5), yearly=True),
    Template(
        "medical_insurance", BASE, 2, "关于开展{y_next}年度城乡居民医疗保险集中参保缴费工作的通告", "通告",
        "卫生、体育", "社会保险", "ART20-11",
        ("{y_next}年度城乡居民基本医疗保险集中缴费期为{year}年9月1日至12月31日，个人缴费标准为每人每年"
         "{med_fee}元。特困人员、低保对象等困难群众个人缴费部分按规定给予资助。",
         "参保群众可通过手机缴费平台、银行网点或村（社区）便民服务站缴费。咨询电话：{phone}。"),
        months=(9, 10), yearly=True),
    Template(
        "public_jobs", BASE, 2, "{short}{year}年公益性岗位招聘公告", "公告", "劳动、人事、监察", "就业",
        "ART20-11",
        ("为帮扶就业困难人员实现就业，{short}现面向辖区就业困难人员招聘公益性岗位人员{jobs_n}名，"
         "岗位包括保洁、护路、公共设施管护等。",
         "报名时间：{start}至{end}。报名地点：{short}便民服务中心。咨询电话：{phone}。"),
        months=(2, 3, 4, 8, 9)),
    Template(
        "culture", BASE, 2, "{short}{year}年{month}月综合文化站活动安排", "其他", "文化、广电、新闻出版",
        "公共文化服务", "ART21-C-02",
        ("{month}月，{short}综合文化站免费开放时间为每周二至周日9:00—17:00。",
         "本月安排送戏下乡{shows}场、公益电影放映{films}场、农家书屋阅读分享会1场，欢迎群众参加。"),
        statutory_town="ART20-15"),
    Template(
        "legal", BASE, 1, "{short}{year}年第{quarter}季度人民调解和法律援助工作情况", "其他",
        "公安、安全、司法", "公共法律服务", "ART21-C-02",
        ("本季度，{short}各级人民调解组织共受理矛盾纠纷{apps_n}件，调解成功{done_n}件；"
         "受理法律援助申请{aid_n}件，开展法治宣传活动{shows}场。",
         "群众如需法律咨询，可拨打公共法律服务热线12348。"),
        statutory_town="ART20-15"),
    Template(
        "food_safety", BASE, 2, "关于开展{year}年{term}开学季校园周边食品安全专项检查的通知", "通知",
        "市场监管、安全生产监管", "食品药品监管", "ART20-13",
        ("辖区各学校、各食品经营单位：",
         "为保障师生饮食安全，定于{start}至{end}开展校园周边食品安全专项检查，重点检查食品经营许可、"
         "进货查验记录、食品贮存条件和从业人员健康证明。"),
        doc=True, months=(2, 3, 8, 9)),
    Template(
        "living_env", BASE, 2, "关于印发《{short}{year}年农村人居环境整治工作方案》的通知", "通知",
        "城乡建设、环境保护", "环境保护", "ART20-13",
        ("各村（社区）、各站所：",
         "现将《{short}{year}年农村人居环境整治工作方案》印发给你们，请结合实际认真抓好落实。"),
        doc=True, months=(2, 3, 4), yearly=True,
        attach=(("docx", "living_env", "{short}{year}年农村人居环境整治工作方案.docx"),)),
    Template(
        "health", BASE, 1, "{short}{year}年家庭医生签约服务开展情况", "其他", "卫生、体育", "卫生健康",
        "ART20-11",
        ("{year}年，{short}卫生院（社区卫生服务中心）组建家庭医生团队{teams}个，重点人群签约{persons}人，"
         "为65岁以上老年人免费健康体检{elder_n}人次。",
         "签约居民可享受基本医疗、公共卫生和健康管理服务。咨询电话：{phone}。"),
        months=(10, 11, 12), yearly=True),
    Template(
        "rule_village_finance", BASE, 1, "关于印发《{short}村（社区）集体“三资”管理办法》的通知",
        "行政规范性文件", "财政、金融、审计", None, "ART20-01",
        ("各村（社区）：",
         "为规范农村集体资金、资产、资源管理，现将《{short}村（社区）集体“三资”管理办法》印发给你们，"
         "请认真遵照执行。本办法自{start}起施行，有效期五年。"),
        doc=True, repealable=True, attach=(("docx", "rule", "{short}村（社区）集体三资管理办法.docx"),)),
    Template(
        "rule_grid", BASE, 1, "关于印发《{short}网格化服务管理工作制度》的通知", "行政规范性文件",
        "公安、安全、司法", None, "ART20-01",
        ("各村（社区）、各站所：",
         "现将《{short}网格化服务管理工作制度》印发给你们，请认真遵照执行。本制度自{start}起施行，有效期三年。"),
        doc=True, repealable=True),

    # ------------------------------------------------------------ 镇 only
    Template(
        "farm_subsidy", (TOWN,), 3, "{short}{year}年耕地地力保护补贴发放情况公示", "公示", "农业、林业、水利",
        "涉农补贴", "ART20-11",
        ("根据{county}{year}年耕地地力保护补贴工作实施方案，补贴标准为每亩{farm_std}元。",
         "{short}{year}年共核定补贴面积{area}亩，涉及农户{households}户，补贴资金{amount_yuan}元，"
         "通过惠民惠农财政补贴资金“一卡通”发放。分村明细见附件。", OBJECTION),
        statutory_town="ART21-T-01", months=(4, 5, 6), yearly=True,
        attach=(("xlsx", "subsidy", "{short}{year}年耕地地力保护补贴分村明细表.xlsx"),)),
    Template(
        "farm_machine", (TOWN,), 2, "{short}{year}年第{n}批农机购置与应用补贴资金兑付公示", "公示",
        "农业、林业、水利", "涉农补贴", "ART20-11",
        ("本批共兑付农机购置与应用补贴资金{amount_yuan}元，涉及购机户{households}户、机具{machines}台（套）。",
         OBJECTION),
        statutory_town="ART21-T-01"),
    Template(
        "land_transfer", (TOWN,), 3, "{short}{year}年第{quarter}季度农村土地承包经营权流转情况公示", "公示",
        "农业、林业、水利", None, "ART21-T-03",
        ("本季度{short}新增农村土地承包经营权流转面积{area}亩，涉及农户{households}户，流转方式以出租为主，"
         "平均流转价格每亩每年{rent}元。",
         "流转合同已全部备案。如有异议，请在公示期内向镇农业农村综合服务中心反映，电话：{phone}。"),
        months=(1, 4, 7, 10)),
    Template(
        "homestead", (TOWN,), 3, "{short}{year}年第{n}批农村宅基地使用申请审核情况公示", "公示",
        "国土资源、能源", None, "ART21-T-04",
        ("经村民小组讨论、村集体经济组织审查和镇级联审，现将{short}{year}年第{n}批农村宅基地使用申请"
         "审核情况公示如下：", "{table}", OBJECTION),
        table="homestead"),
    Template(
        "irrigation", (TOWN,), 2, "{village}{water}建设情况公示", "公示", "农业、林业、水利", None, "ART21-T-02",
        ("{village}{water}项目总投资{total}万元，其中财政资金{basic}万元、村集体自筹{project_amt}万元，"
         "由{short}组织实施，计划于{end}前完工。",
         "项目建成后由村集体负责日常运营管护。监督电话：{phone}。"),
    ),
    Template(
        "yishiyiyi", (TOWN,), 2, "{village}{year}年“一事一议”筹资筹劳方案公示", "公示", "农业、林业、水利",
        None, "ART21-T-07",
        ("经{village}村民代表会议讨论通过，{year}年拟实施“一事一议”项目：{water}。",
         "筹资标准为每人每年不超过{raise_std}元，筹劳每个劳动力每年不超过5个工日，五保户、低保户免筹。",
         OBJECTION)),
    Template(
        "danger_house", (TOWN,), 3, "{village}{year}年农村危房改造对象公示", "公示", "城乡建设、环境保护",
        "农村危房改造", "ART20-11",
        ("经农户申请、村级评议、镇级审核，现将{village}{year}年农村危房改造拟补助对象公示如下：",
         "{table}", OBJECTION),
        statutory_town="ART21-T-01", table="housing"),
    Template(
        "forest_fire", (TOWN,), 2, "关于做好{year}年{season}季森林防火工作的通告", "通告", "农业、林业、水利",
        "安全生产", "ART20-12",
        ("当前正值森林防火关键期。为保护森林资源和人民群众生命财产安全，现就有关事项通告如下：",
         "一、森林防火期内，禁止在林区野外吸烟、烧纸祭祀、燃放烟花爆竹和焚烧秸秆。",
         "二、违反规定野外用火的，依法予以处罚；构成犯罪的，依法追究刑事责任。",
         "三、发现火情请立即拨打森林火警电话12119或镇防火办电话{phone}。"),
        months=(1, 2, 3, 10, 11, 12)),
    Template(
        "land_comp_town", (TOWN,), 2, "关于{project}项目征地补偿费用发放情况的公示", "公示", "国土资源、能源",
        "征地补偿", "ART21-T-05",
        ("{project}项目涉及{short}{village}集体土地{area}亩。根据批准的征地补偿安置方案，"
         "现将征地补偿费用发放情况公示如下：共涉及农户{households}户，发放补偿费用{amount_yuan}元。",
         "明细见附件。" + OBJECTION),
        attach=(("xlsx", "compensation", "{short}{year}年征地补偿费用发放明细.xlsx"),)),

    # ------------------------------------------------------------ 街道 only
    Template(
        "traffic", (STREET,), 2, "关于{road}改造施工期间交通管制的通告", "通告", "城乡建设、环境保护",
        "市政服务", "ART21-C-01",
        ("因{road}雨污分流及路面改造工程施工需要，自{start}起至{end}止，对{road}实施半幅封闭施工，"
         "过往车辆请按指示绕行。",
         "由此带来的不便，敬请谅解。咨询电话：{phone}。"),
    ),
    Template(
        "street_order", (STREET,), 2, "关于开展占道经营和违规户外广告专项整治的通告", "通告",
        "城乡建设、环境保护", "城市综合执法", "ART20-06",
        ("为改善市容环境，{short}将于{start}至{end}在辖区开展占道经营和违规户外广告专项整治。",
         "请相关经营户在通告之日起7日内自行整改；逾期不整改的，由综合行政执法队依法处理。"),
        months=(3, 4, 5, 9, 10)),
    Template(
        "rental_housing", (STREET,), 3, "{short}{year}年第{n}批公共租赁住房保障对象资格审核公示", "公示",
        "城乡建设、环境保护", "保障性住房", "ART20-11",
        ("经社区初审、街道审核，现将{year}年第{n}批公共租赁住房保障对象资格审核结果公示如下：",
         "{table}", OBJECTION),
        table="rental"),
    Template(
        "old_estate", (STREET,), 2, "{short}{year}年老旧小区改造项目实施情况公示", "公示",
        "城乡建设、环境保护", "重大建设项目", "ART21-C-01",
        ("{year}年，{short}纳入老旧小区改造计划的小区共{projects_n}个，涉及居民{households}户，总投资{total}万元。",
         "截至目前已完工{done_n}个，其余小区正在施工。改造内容包括管网更新、外墙保温、加装电梯和停车设施。"),
        months=(6, 9, 12), attach=(("xlsx", "projects", "{short}{year}年老旧小区改造项目表.xlsx"),)),
    Template(
        "house_expropriation", (STREET,), 1, "关于{project}项目国有土地上房屋征收补偿情况的公示", "公示",
        "国土资源、能源", "国有土地上房屋征收与补偿", "ART21-C-05",
        ("根据{county}人民政府作出的房屋征收决定，{project}项目共涉及被征收房屋{households}户，"
         "已签订补偿协议{done_n}户，补偿资金已足额存入专户。分户补偿结果在项目现场公开栏同步公示。",
         OBJECTION)),

    # ------------------------------------------------------------ 县政府
    Template(
        "county_rule", (COUNTY,), 3, "{county}人民政府关于印发《{county}{rule}》的通知", "行政规范性文件",
        "综合政务", None, "ART20-01",
        ("各乡镇人民政府、街道办事处，县直各单位：",
         "《{county}{rule}》已经县人民政府常务会议研究通过，现印发给你们，请认真遵照执行。",
         "本办法自{start}起施行，有效期五年。"),
        doc=True, repealable=True,
        attach=(("docx", "county_rule", "{county}规范性文件全文（{year}年）.docx"),)),
    Template(
        "open_guide", (COUNTY,), 1, "{county}政府信息公开指南（{year}年修订）", "其他", "综合政务", None,
        "ART20-15",
        ("为便于公民、法人和其他组织获取政府信息，根据《中华人民共和国政府信息公开条例》，编制本指南。",
         "一、主动公开的范围、渠道和时限。二、依申请公开的受理机构、申请方式和处理程序。三、监督和救济。",
         "受理机构：县人民政府办公室（政务公开办），办公地址：{address}，联系电话：{phone}。"),
        months=(2, 3, 4), yearly=True, attach=(("pdf", "guide", "{county}政府信息公开指南.pdf"),)),
    Template(
        "county_minutes", (COUNTY,), 2, "{county}人民政府{year}年第{n}次常务会议纪要", "纪要", "综合政务", None,
        "ART20-15",
        ("{date}，县长主持召开{year}年第{n}次县人民政府常务会议。会议议定事项如下：",
         "一、原则同意《{county}{rule}（送审稿）》，由县司法局按程序完善后印发。",
         "二、听取了{project}项目推进情况汇报，要求加快建设进度，确保年底前完成年度投资计划。"),
        doc=False),
    Template(
        "county_stats", (COUNTY,), 3, "{county}{year}年1—{month}月主要经济指标", "其他",
        "国民经济管理、国有资产监管", None, "ART20-04",
        ("{year}年1—{month}月，全县地区生产总值增长{gdp}%，规模以上工业增加值增长{ind}%，"
         "社会消费品零售总额增长{retail}%，一般公共预算收入{revenue}亿元。",
         "主要经济指标详见附件。"),
        attach=(("xlsx", "stats", "{county}{year}年主要经济指标.xlsx"),), months=(3, 5, 7, 9, 11)),
    Template(
        "county_plan_report", (COUNTY,), 1,
        "关于{county}{y_prev}年国民经济和社会发展计划执行情况与{year}年计划草案的报告", "报告",
        "国民经济管理、国有资产监管", None, "ART20-03",
        ("{y_prev}年，全县地区生产总值增长{gdp}%，城乡居民人均可支配收入分别增长{ind}%和{retail}%。",
         "{year}年经济社会发展的主要预期目标是：地区生产总值增长6%左右，城乡居民收入增长与经济增长基本同步。"),
        months=(1, 2), yearly=True),
    Template(
        "major_projects", (COUNTY,), 2, "{county}{year}年重大建设项目计划", "计划", "城乡建设、环境保护",
        "重大建设项目", "ART20-10",
        ("经县人民政府研究，确定{year}年全县重大建设项目{projects_n}个，年度计划投资{revenue}亿元。",
         "各项目责任单位要倒排工期、挂图作战，确保项目按期推进。项目清单见附件。"),
        months=(1, 2, 3), yearly=True,
        attach=(("xlsx", "projects", "{county}{year}年重大建设项目计划表.xlsx"),)),
    Template(
        "tender_result", (COUNTY,), 3, "{project}施工中标结果公示", "公示", "城乡建设、环境保护",
        "公共资源交易", "ART20-10",
        ("{project}施工招标已于{date}在{county}公共资源交易中心开标、评标。",
         "第一中标候选人：{firm}，投标报价：{total}万元，工期：{days}日历天。", OBJECTION)),
    Template(
        "recruit", (COUNTY,), 2, "{county}{year}年事业单位公开招聘工作人员公告", "公告", "劳动、人事、监察",
        "就业", "ART20-14",
        ("根据事业单位公开招聘有关规定，经研究，{county}{year}年面向社会公开招聘事业单位工作人员{jobs_n}名。",
         "报名时间：{start}至{end}。岗位条件和报名须知见附件。咨询电话：{phone}。"),
        months=(3, 4, 5, 6), yearly=True,
        attach=(("xlsx", "positions", "{county}{year}年事业单位公开招聘岗位表.xlsx"),
                ("pdf", "recruit", "{county}事业单位公开招聘报名须知.pdf"))),
    Template(
        "county_reply", (COUNTY,), 2, "{county}人民政府关于同意{reply}的批复", "批复", "综合政务", None,
        "ART20-15",
        ("你单位关于{reply}的请示收悉。经研究，同意{reply}。请按照有关规定抓好组织实施。"),
        doc=True),
    Template(
        "county_award", (COUNTY,), 1, "{county}人民政府关于表彰{year}年度安全生产工作先进集体和先进个人的决定",
        "决定", "市场监管、安全生产监管", "安全生产", "ART20-13",
        ("{year}年，全县各级各部门认真落实安全生产责任，安全生产形势总体平稳。为表彰先进，"
         "县人民政府决定授予{short_list}等{firms}个单位“安全生产工作先进集体”称号。"),
        doc=True, months=(12,), yearly=True),
    Template(
        "county_opinion", (COUNTY,), 1, "{county}人民政府办公室关于{opinion}的实施意见", "意见", "综合政务",
        None, "ART20-11",
        ("各乡镇人民政府、街道办事处，县直各单位：",
         "为贯彻落实上级决策部署，经县人民政府同意，现就{opinion}提出如下实施意见。",
         "一、总体要求。二、重点任务。三、保障措施。"),
        doc=True, repealable=True),
    Template(
        "emergency_plan", (COUNTY,), 1, "关于印发《{county}突发事件总体应急预案》的通知", "通知",
        "公安、安全、司法", "救灾", "ART20-12",
        ("各乡镇人民政府、街道办事处，县直各单位：",
         "现将修订后的《{county}突发事件总体应急预案》印发给你们，请认真组织实施。"),
        doc=True, yearly=True,
        attach=(("pdf", "emergency", "{county}突发事件总体应急预案.pdf"),)),
    Template(
        "expropriation_decision", (COUNTY,), 1, "{county}人民政府关于{project}项目国有土地上房屋征收的决定",
        "决定", "国土资源、能源", "国有土地上房屋征收与补偿", "ART21-C-05",
        ("为实施{project}项目建设，根据《国有土地上房屋征收与补偿条例》，经县人民政府研究，"
         "决定对项目范围内国有土地上的房屋实施征收。",
         "征收部门为县住房和城乡建设局，签约期限为{start}至{end}。被征收人对本决定不服的，"
         "可依法申请行政复议或者提起行政诉讼。"),
        doc=True),
    Template(
        "weather_warning", (COUNTY,), 2, "{county}{year}年{month}月强降雨天气预警及应对工作情况", "其他",
        "民政、扶贫、救灾", "救灾", "ART20-12",
        ("{date}，县气象台发布暴雨黄色预警。县防汛抗旱指挥部及时启动防汛Ⅳ级应急响应，转移避险群众"
         "{persons}人，未发生人员伤亡。",
         "目前预警已解除，各乡镇（街道）正在开展灾后核查和恢复工作。"),
        months=(5, 6, 7, 8)),

    # ------------------------------------------------------------ 民政局
    Template(
        "dibao_standard", (MZ,), 1, "关于提高{county}{year}年城乡居民最低生活保障标准的通知", "通知",
        "民政、扶贫、救灾", "社会救助", "ART20-11",
        ("各乡镇人民政府、街道办事处：",
         "经县人民政府同意，自{year}年7月1日起，全县城乡低保标准统一提高到每人每月{dibao_std}元，"
         "特困人员基本生活标准按不低于当地低保标准的1.3倍确定。"),
        doc=True, months=(6,), yearly=True, repealable=True),
    Template(
        "tekun", (MZ,), 3, "{county}{year}年第{quarter}季度特困人员救助供养情况公示", "公示", "民政、扶贫、救灾",
        "社会救助", "ART20-11",
        ("{year}年第{quarter}季度，全县共有特困供养人员{persons}人，其中集中供养{households}人，"
         "发放基本生活费和照料护理费{amount_yuan}元。"),
        months=(3, 6, 9, 12)),
    Template(
        "nursing_homes", (MZ,), 1, "{county}养老机构名录（截至{year}年{month}月）", "其他", "民政、扶贫、救灾",
        "养老服务", "ART20-11",
        ("截至{year}年{month}月，全县共有养老机构{homes_n}家，床位{beds}张，其中护理型床位占比{pct}%。"
         "名录见附件。"),
        attach=(("xlsx", "homes", "{county}养老机构名录.xlsx"),), yearly=True),
    Template(
        "disability", (MZ,), 3, "{county}{year}年{month}月困难残疾人生活补贴和重度残疾人护理补贴发放情况",
        "公示", "民政、扶贫、救灾", "社会救助", "ART20-11",
        ("{year}年{month}月，全县发放困难残疾人生活补贴{persons}人、重度残疾人护理补贴{households}人，"
         "共计{amount_yuan}元。")),
    Template(
        "mz_licence", (MZ,), 3, "{county}民政局{year}年{month}月行政许可办理结果公示", "公示",
        "民政、扶贫、救灾", None, "ART20-05",
        ("{year}年{month}月，本局共办理社会团体、民办非企业单位成立登记{firms}件、变更登记{done_n}件，"
         "养老机构备案{aid_n}件，均在承诺时限内办结。")),
    Template(
        "mz_rule", (MZ,), 1, "关于印发《{county}困难群众临时救助实施细则》的通知", "行政规范性文件",
        "民政、扶贫、救灾", "社会救助", "ART20-01",
        ("各乡镇人民政府、街道办事处：",
         "现将《{county}困难群众临时救助实施细则》印发给你们，请认真贯彻执行。本细则自{start}起施行，"
         "有效期五年。"),
        doc=True, repealable=True,
        attach=(("docx", "aid_rule", "{county}困难群众临时救助实施细则.docx"),)),

    # ------------------------------------------------------------ 财政局
    Template(
        "budget_report", (CZ,), 1, "关于{county}{y_prev}年预算执行情况和{year}年预算草案的报告", "报告",
        "财政、金融、审计", "财政预决算", "ART20-07",
        ("{y_prev}年全县一般公共预算收入完成{revenue}亿元，增长{gdp}%；一般公共预算支出{spent}万元。",
         "{year}年全县一般公共预算收入预期增长5%，支出安排坚持保基本民生、保工资、保运转。"),
        months=(1, 2), yearly=True, attach=(("pdf", "terms", "部门预决算公开名词解释.pdf"),)),
    Template(
        "county_final", (CZ,), 1, "{county}{y_prev}年政府决算", "其他", "财政、金融、审计", "财政预决算",
        "ART20-07",
        ("经县人民代表大会常务委员会批准，现将{county}{y_prev}年政府决算公开如下：一般公共预算收入"
         "{revenue}亿元，一般公共预算支出{spent}万元，政府性基金预算收入{total}万元。"),
        months=(8, 9), yearly=True, attach=(("xlsx", "budget", "{county}{y_prev}年政府决算公开表.xlsx"),)),
    Template(
        "one_card", (CZ,), 3, "{county}{year}年第{quarter}季度惠民惠农财政补贴资金“一卡通”发放情况", "公示",
        "财政、金融、审计", "涉农补贴", "ART20-11",
        ("{year}年第{quarter}季度，全县通过“一卡通”发放惠民惠农补贴资金{amount_yuan}元，涉及补贴项目"
         "{projects_n}项、{households}户。补贴政策清单和发放明细见附件。"),
        attach=(("xlsx", "subsidy", "{county}{year}年惠民惠农补贴发放汇总表.xlsx"),)),
    Template(
        "fees", (CZ,), 1, "{county}行政事业性收费项目目录清单（{year}年版）", "其他", "财政、金融、审计", None,
        "ART20-08",
        ("根据国家和省有关规定，现将{county}行政事业性收费项目目录清单公布如下，目录清单之外一律不得收费。",
         "详见附件。举报电话：{phone}。"),
        yearly=True, attach=(("xlsx", "fees", "{county}行政事业性收费项目目录清单.xlsx"),)),
    Template(
        "procure_catalog", (CZ,), 1, "关于印发{county}{year}年政府集中采购目录及标准的通知", "通知",
        "财政、金融、审计", "公共资源交易", "ART20-09",
        ("县直各预算单位：",
         "现将{county}{year}年政府集中采购目录及标准印发给你们。分散采购限额标准为货物和服务100万元、"
         "工程120万元；公开招标数额标准为货物和服务200万元。"),
        doc=True, months=(1, 2), yearly=True, repealable=True),
    Template(
        "land_tax", (CZ,), 1, "关于{year}年度城镇土地使用税和房产税申报缴纳的通告", "通告",
        "财政、金融、审计", "税收管理", "ART20-15",
        ("{year}年度城镇土地使用税和房产税按年计算、分期缴纳，申报缴纳期限为每年4月和10月。",
         "纳税人可通过电子税务局或办税服务厅办理。咨询电话：{phone}。"),
        months=(3, 4), yearly=True),
    Template(
        "debt", (CZ,), 1, "{county}{year}年政府债务限额及余额情况", "其他", "财政、金融、审计", "财政预决算",
        "ART20-07",
        ("截至{y_prev}年末，全县政府债务余额{revenue}亿元，控制在省核定的债务限额之内。"),
        months=(3, 4, 5), yearly=True),

    # ------------------------------------------------------------ 自然资源局
    Template(
        "penalty", (ZR,), 3, "{county}自然资源局行政处罚决定书（{doc_number}）", "其他",
        "国土资源、能源", None, "ART20-06",
        ("当事人：{firm}。",
         "经查，当事人未经批准擅自占用{village}集体土地{area_small}平方米建设厂房，违反了《中华人民共和国"
         "土地管理法》第四十四条的规定。",
         "依据《中华人民共和国土地管理法》第七十七条，决定责令当事人退还非法占用的土地，限期拆除新建的"
         "建筑物和其他设施，并处罚款{fine}元。",
         "当事人如不服本决定，可依法申请行政复议或者提起行政诉讼。"),
        doc=True, doc_prefix="青自然资罚"),
    Template(
        "land_announce", (ZR,), 3, "{county}{year}年第{n}批次城镇建设用地征收土地补偿安置公告", "公告",
        "国土资源、能源", "征地补偿", "ART21-C-04",
        ("经省人民政府批准，{county}{year}年第{n}批次城镇建设用地征收{village}集体土地{area}亩。",
         "征地补偿按区片综合地价执行，每亩{land_price}元；被征地农民按规定纳入社会保障。",
         "被征收土地的所有权人、使用权人应在公告之日起30日内持土地权属证书办理补偿登记。"),
        attach=(("xlsx", "compensation", "{county}{year}年征地补偿安置明细表.xlsx"),)),
    Template(
        "spatial_plan", (ZR,), 1, "关于{county}国土空间总体规划（2021—2035年）的公示", "公示",
        "国土资源、能源", "城乡规划", "ART20-03",
        ("《{county}国土空间总体规划（2021—2035年）》已形成成果，现予以公示，广泛征求社会各界意见。",
         "公示期为{start}至{end}。意见和建议请发送至县自然资源局国土空间规划股。"),
        yearly=True, attach=(("pdf", "plan", "{county}国土空间总体规划公示文本.pdf"),)),
    Template(
        "land_sale", (ZR,), 2, "{county}国有建设用地使用权挂牌出让公告（{year}-{n}号）", "公告",
        "国土资源、能源", "公共资源交易", "ART20-15",
        ("经县人民政府批准，县自然资源局决定以挂牌方式出让一宗国有建设用地使用权。",
         "地块位于{road}以东，面积{area}亩，用途为商服用地，起始价{total}万元。",
         "挂牌时间：{start}至{end}。"),
    ),
    Template(
        "geo_hazard", (ZR,), 1, "关于做好{year}年汛期地质灾害防治工作的通知", "通知", "国土资源、能源", "救灾",
        "ART20-12",
        ("各乡镇人民政府、街道办事处：",
         "{year}年汛期即将来临，请切实做好地质灾害隐患点巡查排查、群测群防和应急避险工作，"
         "发现险情立即组织群众转移，并报县自然资源局，电话：{phone}。"),
        doc=True, months=(4, 5), yearly=True),
    Template(
        "plan_pre", (ZR,), 2, "{project}建设工程规划设计方案批前公示", "公示", "国土资源、能源", "城乡规划",
        "ART20-05",
        ("{project}建设工程规划设计方案已报我局审查，为保障利害关系人的知情权和参与权，现予以批前公示。",
         OBJECTION)),

    # ------------------------------------------------------------ 教育局
    Template(
        "enrol", (JY,), 1, "关于印发{county}{year}年义务教育阶段学校招生入学工作方案的通知", "通知",
        "科技、教育", "义务教育", "ART20-11",
        ("各中小学校：",
         "现将{county}{year}年义务教育阶段学校招生入学工作方案印发给你们。义务教育阶段学校招生坚持"
         "免试就近入学，公办学校和民办学校同步招生。",
         "招生咨询电话：{phone}。"),
        doc=True, months=(5, 6), yearly=True,
        attach=(("docx", "enrol", "{county}{year}年义务教育招生入学工作方案.docx"),)),
    Template(
        "student_aid", (JY,), 3, "{county}{year}年{term}学生资助资金发放情况公示", "公示", "科技、教育",
        "义务教育", "ART20-11",
        ("{year}年{term}，全县共资助家庭经济困难学生{persons}人次，发放资助资金{amount_yuan}元。",
         "分校资助人数见附件。" + OBJECTION),
        months=(4, 5, 10, 11), attach=(("xlsx", "student_aid", "{county}{year}年学生资助资金分校汇总表.xlsx"),)),
    Template(
        "teacher_recruit", (JY,), 1, "{county}{year}年公开招聘中小学教师公告", "公告", "科技、教育", "就业",
        "ART20-14",
        ("根据教师队伍建设需要，{county}{year}年公开招聘中小学教师{jobs_n}名。",
         "报名时间：{start}至{end}。岗位表见附件。"),
        months=(4, 5, 6), yearly=True,
        attach=(("xlsx", "positions", "{county}{year}年中小学教师招聘岗位表.xlsx"),)),
    Template(
        "school_safety", (JY,), 2, "关于做好{year}年{season}季学校安全工作的通知", "通知", "科技、教育", "安全生产",
        "ART20-13",
        ("各中小学校、幼儿园：",
         "请认真做好防溺水、交通安全、食品安全和校舍安全工作，落实校园安全“一岗双责”。"),
        doc=True),
    Template(
        "school_zone", (JY,), 1, "{county}{year}年义务教育学校服务区划分", "公告", "科技、教育", "义务教育",
        "ART20-11",
        ("现将{county}{year}年城区义务教育学校服务区划分公布如下：",
         "青禾县实验小学：禾兴大道以南、文昌路以东；青禾县城南小学：南苑路以南；青禾县第一中学："
         "城区全部小学对口升入。"),
        months=(5, 6), yearly=True),
    Template(
        "after_school_fee", (JY,), 1, "关于{county}义务教育阶段学校课后服务收费标准的公示", "公示", "科技、教育",
        "义务教育", "ART20-08",
        ("课后服务坚持学生家长自愿原则，收费标准为每生每学期不超过{raise_std}元，家庭经济困难学生免收。",
         OBJECTION),
        months=(8, 9), yearly=True),
]

# ---------------------------------------------------------------- word lists

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华兰红建国志明春梅金凤玉兰德福海"
PROJECTS = [
    "禾兴大道东延段道路工程", "东门片区老旧小区改造", "青禾县第二人民医院迁建", "城北污水处理厂提标改造",
    "石桥集镇供水管网改造", "青禾县实验小学扩建", "城南安置小区二期", "县城滨河公园",
    "石桥至柳湾公路改建", "青禾县农产品冷链物流中心", "文昌片区棚户区改造", "青禾县全民健身中心",
]
WATER_PROJECTS = ["高标准农田灌溉渠道", "山塘清淤整治", "机耕道硬化", "提灌站更新改造", "饮水安全巩固提升工程",
                  "小型水库除险加固"]
ROADS = ["文昌路", "桂花巷", "南苑路", "东门街", "禾兴大道", "滨河路"]
FIRMS = ["青禾县恒通建筑工程有限公司", "青禾县禾丰建材有限公司", "湘中宏远路桥建设有限公司",
         "青禾县绿源农业开发有限公司", "青禾县广厦置业有限公司", "石桥镇兴旺砂石场"]
COUNTY_RULES = ["城乡居民最低生活保障实施办法", "集体土地征收补偿安置办法", "农村村民住宅建设管理办法",
                "城市公共租赁住房管理办法", "政府投资项目管理办法", "行政规范性文件管理办法",
                "城区户外广告设置管理办法", "政府购买服务管理办法"]
REPLIES = ["石桥镇调整部分村民小组建制", "禾兴街道设立桂花社区居民委员会", "县城南片区控制性详细规划调整",
           "实施石桥镇集镇污水管网建设项目", "禾兴街道东门片区城市更新项目立项"]
OPINIONS = ["加快发展养老服务业", "推进农村生活污水治理", "进一步优化营商环境", "促进高校毕业生等青年就业",
            "加强基层公共法律服务体系建设"]
DUTIES = {
    COUNTY: "执行县人民代表大会及其常务委员会的决议，领导所属各工作部门和下级人民政府的工作，"
            "管理本行政区域内的经济、教育、科学、文化、卫生、民政、公安等行政工作。",
    STREET: "组织实施辖区党的建设、公共服务、公共管理、公共安全等工作，指导社区居民委员会工作。",
    TOWN: "执行本级人民代表大会的决议和上级国家行政机关的决定和命令，管理本镇经济、社会事务，"
          "促进乡村振兴。",
    MZ: "拟订并组织实施全县社会救助、养老服务、社会组织登记管理、殡葬管理等政策。",
    CZ: "编制年度县级预决算草案并组织执行，管理政府采购、政府债务和惠民惠农补贴资金发放。",
    ZR: "负责全县自然资源调查监测、国土空间规划、耕地保护、土地征收和不动产登记等工作。",
    JY: "负责全县基础教育管理、义务教育招生、学生资助和教师队伍建设等工作。",
}
SECTIONS = {
    COUNTY: "县人民政府办公室（政务公开办）、发展和改革局、司法局等工作部门",
    STREET: "党政综合办公室、社会事务办公室、城市管理办公室、综合行政执法队、便民服务中心",
    TOWN: "党政综合办公室、社会事务办公室、农业农村综合服务中心、综合行政执法队、便民服务中心",
    MZ: "办公室、社会救助股、养老服务股、社会事务股",
    CZ: "办公室、预算股、国库股、政府采购股、农业农村股",
    ZR: "办公室、国土空间规划股、耕地保护股、执法监察大队、不动产登记中心",
    JY: "办公室、基础教育股、学生资助管理中心、人事股",
}
OFFICE = {STREET: "社会事务办公室", TOWN: "社会事务办公室"}

APPROVAL_OPINIONS = [
    "经审查，不涉及国家秘密、工作秘密、商业秘密和个人隐私，同意主动公开。",
    "已按规定进行保密审查，内容准确，同意发布。",
    "个人信息已作去标识化处理，不涉密，同意公开。",
    "同意公开，请同步在公开栏张贴。",
]
REJECT_OPINION = "公示内容缺少监督电话和公示期，请补充后重新提交。"
WITHDRAW_REASONS = ["发布内容存在数据错误，撤回更正后重新发布。", "附件版本有误，撤回后重新上传。",
                    "重复发布，撤回此条。"]
REPEAL_REASON = "已被新文件替代，经清理予以废止。"

# ---------------------------------------------------------------- attachment texts

DOCX_TEXTS = {
    "safety_plan": ["为深入开展安全生产大检查，切实消除各类事故隐患，制定本方案。",
                    "一、检查范围：辖区内所有生产经营单位、人员密集场所、在建工地和自建房。",
                    "二、方法步骤：单位自查、村（社区）排查、{short}督查三个阶段。",
                    "三、工作要求：建立问题清单、整改清单和责任清单，实行闭环管理。"],
    "flood": ["一、总则。为做好{year}年防汛抗旱工作，保障人民群众生命财产安全，制定本预案。",
              "二、组织指挥体系。{short}成立防汛抗旱指挥部，下设办公室，负责日常工作。",
              "三、预警和应急响应。按照灾害严重程度分为Ⅰ、Ⅱ、Ⅲ、Ⅳ级响应。",
              "四、应急保障。落实抢险队伍、物资和转移安置场所。"],
    "living_env": ["一、目标任务：{year}年底前农村生活垃圾收运处置体系实现全覆盖，卫生厕所普及率稳步提高。",
                   "二、重点工作：垃圾治理、污水治理、厕所革命、村容村貌提升。",
                   "三、保障措施：落实村（社区）主体责任，实行月检查、季评比。"],
    "rule": ["第一条 为规范村（社区）集体资金、资产、资源管理，保障集体经济组织成员合法权益，制定本办法。",
             "第二条 村（社区）集体“三资”实行民主管理、公开透明的原则。",
             "第三条 集体资金支出实行预算管理，大额支出须经村民代表会议讨论通过。",
             "第四条 本办法自印发之日起施行，有效期五年。"],
    "county_rule": ["第一条 为规范管理，根据有关法律法规，结合本县实际，制定本办法。",
                    "第二条 本办法适用于本县行政区域内的相关管理活动。",
                    "第三条 县人民政府有关部门按照职责分工负责本办法的组织实施。",
                    "第四条 本办法自印发之日起施行，有效期五年。"],
    "aid_rule": ["第一条 为做好困难群众临时救助工作，根据《社会救助暂行办法》，制定本细则。",
                 "第二条 临时救助对象包括急难型和支出型困难家庭或个人。",
                 "第三条 临时救助标准根据困难程度确定，一般不超过当地月低保标准的6倍。",
                 "第四条 本细则自印发之日起施行，有效期五年。"],
    "enrol": ["一、招生原则：义务教育阶段学校招生坚持免试就近入学。",
              "二、招生对象：{year}年8月31日前年满6周岁的适龄儿童和小学毕业生。",
              "三、时间安排：6月中旬网上报名，7月中旬公布录取结果。",
              "四、监督举报：严禁任何形式的考试招生，举报电话见招生公告。"],
}

PDF_TEXTS = {
    "terms": ("部门预决算公开名词解释", [
        "一、财政拨款收入：指本级财政当年拨付的资金。",
        "二、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
        "三、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
        "四、“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。"]),
    "guide": ("{county}政府信息公开指南", [
        "一、主动公开。主动公开的政府信息通过政府网站、政务公开栏、便民服务中心等渠道公开。",
        "二、依申请公开。公民、法人或者其他组织可以通过网络、信函或当面提交申请。",
        "三、受理机构。各单位政府信息公开工作机构负责受理本单位的政府信息公开申请。",
        "四、监督和救济。申请人认为行政机关侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。"]),
    "recruit": ("{county}事业单位公开招聘报名须知", [
        "一、报考人员应当具备岗位要求的学历、专业和其他条件。",
        "二、报考人员只能选择一个岗位报名，报名时提交的材料应当真实准确。",
        "三、考试分笔试和面试，总成绩按笔试成绩和面试成绩各占50%计算。",
        "四、招聘工作接受纪检监察机关和社会监督。"]),
    "emergency": ("{county}突发事件总体应急预案", [
        "1 总则。本预案适用于本县行政区域内突发事件的应对工作。",
        "2 组织体系。县人民政府是本县突发事件应急管理工作的行政领导机关。",
        "3 运行机制。包括风险防控、监测与预警、应急处置与救援、恢复与重建。",
        "4 应急保障。加强应急队伍、物资、资金、通信和交通运输保障。"]),
    "plan": ("{county}国土空间总体规划（2021—2035年）公示文本", [
        "一、规划范围：{county}行政辖区全域。规划期限：2021—2035年。",
        "二、发展定位：生态优先、绿色发展的特色农业和文旅融合发展县。",
        "三、底线管控：落实耕地和永久基本农田、生态保护红线、城镇开发边界三条控制线。",
        "四、空间格局：构建“一心两轴三区”的国土空间开发保护格局。"]),
}
