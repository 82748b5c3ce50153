"""A labelled corpus of small government pages for the integrity check: one page per injection
technique (expected kinds) and legitimate look-alikes that must pass (expected nothing).

Every page is built on the same realistic template, which itself carries the things a naive
scanner flags on real government sites: a hidden drop-down menu, tabs of hidden links to other
government sites, a hidden share pop-up (weibo/qq), a responsive @media rule that hides the desktop
menu, the font-size:0 inline-block trick, a Baidu statistics script, an internal "back" redirect,
Chinese text in \\u escapes and a link to a local bank."""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field

from gongkai.domain.watch.page import FetchedPage

SITE = {"www.qingshan.gov.cn"}
ALLOWED = {"www.hunan.gov.cn", "www.12345.gov.cn"}
URL = "http://www.qingshan.gov.cn/xxgk/tzgg/202611/t20261120_1001.html"
SPAM_HOST = "http://www.am88js-vip.com"

TEMPLATE_STYLE = """
body{font-size:14px;color:#333;background:#fff}
.nav li ul{display:none}
.nav li:hover ul{display:block}
.tab-panel{display:none}
.tab-panel.on{display:block}
.share-pop{display:none;position:absolute}
.links ul{font-size:0}
.links li{font-size:14px;display:inline-block}
.sr-only{position:absolute;width:1px;height:1px;clip:rect(0,0,0,0);overflow:hidden}
@media (max-width:768px){.pc-nav{display:none}.m-nav{display:block}}
"""


def gov_page(title: str, body: str, head: str = "", keywords: str = "青山县,政务公开",
             footer_extra: str = "", visitors: int = 10234, updated: str = "2026-11-20 09:30") -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{title}</title>
<meta name="keywords" content="{keywords}">
<meta name="description" content="青山县人民政府门户网站政府信息公开专栏">
<style>{TEMPLATE_STYLE}</style>
{head}
<script>var _hmt=_hmt||[];(function(){{var hm=document.createElement("script");
hm.src="https://hm.baidu.com/hm.js?0123456789abcdef";var s=document.getElementsByTagName("script")[0];
s.parentNode.insertBefore(hm,s);}})();</script>
</head><body>
<div class="header"><img src="/images/logo.png" alt="青山县人民政府"><span class="sr-only">跳转到主要内容</span></div>
<ul class="nav pc-nav">
 <li><a href="/">首页</a></li>
 <li><a href="/xxgk/">政府信息公开</a><ul><li><a href="/xxgk/zc/">政策文件</a></li>
   <li><a href="/xxgk/tzgg/">通知公告</a></li><li><a href="/xxgk/rsxx/">人事信息</a></li></ul></li>
 <li><a href="/hdjl/">互动交流</a><ul><li><a href="/hdjl/xzxx/">县长信箱</a></li></ul></li>
</ul>
<div class="m-nav"><a href="/">首页</a> <a href="/xxgk/">公开</a></div>
<div class="main">
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a></div>
<div class="article">
<h1>{title.split('_')[0]}</h1>
<div class="info">发布时间：{updated} 来源：青山县人民政府办公室 浏览次数：{visitors}</div>
{body}
</div>
<div class="share">分享到：<a href="javascript:;" class="share-btn">分享</a>
 <div class="share-pop"><a href="http://service.weibo.com/share/share.php?url=x">新浪微博</a>
 <a href="http://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey?url=x">QQ空间</a></div></div>
<a href="javascript:void(0)" onclick="window.location.href='/xxgk/tzgg/'">返回列表</a>
</div>
<div class="links"><h3>相关链接</h3>
 <ul class="tabs"><li>国务院部门</li><li>省直部门</li></ul>
 <div class="tab-panel on"><ul><li><a href="http://www.gov.cn/">中国政府网</a></li>
   <li><a href="http://www.hunan.gov.cn/">湖南省人民政府</a></li></ul></div>
 <div class="tab-panel"><ul><li><a href="http://www.mca.gov.cn/">民政部</a></li>
   <li><a href="http://www.mof.gov.cn/">财政部</a></li></ul></div>
 <ul><li><a href="http://www.qsrcb.com/">青山农商银行</a></li><li><a href="http://www.12345.gov.cn/">12345热线</a></li></ul>
</div>
{footer_extra}
<div class="footer">主办：青山县人民政府办公室 网站标识码：4310000001 <a href="https://beian.miit.gov.cn/">湘ICP备12345678号</a>
<a href="http://bszs.conac.cn/sitename?method=show&id=1"><img src="/images/red.png" alt="党政机关"></a></div>
<script>var msg="\\u6b22\\u8fce\\u8bbf\\u95ee\\u9752\\u5c71\\u53bf\\u4eba\\u6c11\\u653f\\u5e9c";
$(".tabs li").click(function(){{$(".tab-panel").removeClass("on").eq($(this).index()).addClass("on");}});</script>
</body></html>"""


NORMAL_BODY = """<p>为进一步做好政府信息公开工作，根据《中华人民共和国政府信息公开条例》规定，现将有关事项通知如下。</p>
<p>一、各乡镇（街道）、县直各单位要按照要求，及时公开本单位政府信息，确保信息准确、完整、及时。</p>
<p>二、请于2026年12月10日前将年度工作总结报送县政务公开办。</p>"""


def fetch(html: str, profile: str = "browser", url: str = URL, final_url: str | None = None,
          redirects=None) -> FetchedPage:
    return FetchedPage(url=url, final_url=final_url or url, status=200, profile=profile,
                       content_type="text/html; charset=utf-8", text=html, redirects=redirects or [])


def pack(code: str) -> str:
    """Dean Edwards' packer format (base 36), as spam kits ship it."""
    words = list(dict.fromkeys(re.findall(r"\b\w+\b", code)))
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"

    def enc(n):
        return digits[n] if n < 36 else enc(n // 36) + digits[n % 36]
    index = {w: enc(i) for i, w in enumerate(words)}
    payload = re.sub(r"\b\w+\b", lambda m: index[m.group(0)], code).replace("\\", "\\\\").replace("'", "\\'")
    return ("eval(function(p,a,c,k,e,d){e=function(c){return c.toString(36)};if(!''.replace(/^/,String)){"
            "while(c--){d[c.toString(a)]=k[c]||c.toString(a)}k=[function(e){return d[e]}];e=function(){return'\\\\w+'};"
            "c=1};while(c--){if(k[c]){p=p.replace(new RegExp('\\\\b'+e(c)+'\\\\b','g'),k[c])}}return p}"
            f"('{payload}',36,{len(words)},'{'|'.join(words)}'.split('|'),0,{{}}))")


def hex_escape(text: str) -> str:
    return "".join(f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}" for c in text)


def percent_u(text: str) -> str:
    return "".join(f"%u{ord(c):04X}" for c in text)


HIDDEN_SPAM_LINKS = (f'<a href="{SPAM_HOST}/">澳门金沙娱乐城</a> <a href="http://www.bet365-cn.top/">bet365体育投注</a> '
                     f'<a href="http://www.xpj888.xyz/">新葡京官网</a>')
WRITTEN = f'<div style="display:none">{HIDDEN_SPAM_LINKS}</div>'


@dataclass
class Case:
    name: str
    expected: set[str]
    browser: str
    others: dict[str, FetchedPage] = field(default_factory=dict)
    browser_final: str | None = None

    def pages(self) -> dict[str, FetchedPage]:
        pages = {"browser": fetch(self.browser, final_url=self.browser_final)}
        pages.update(self.others)
        return pages


def _notice(body_extra: str = "", **kw) -> str:
    return gov_page("关于做好2026年度政府信息公开工作的通知_青山县人民政府", NORMAL_BODY + body_extra, **kw)


CLEAN = _notice()

INJECTIONS = [
    Case("inline_display_none", {"hidden_link"},
         _notice(footer_extra=f'<div style="display:none">{HIDDEN_SPAM_LINKS}</div>')),
    Case("inline_visibility_hidden", {"hidden_link"},
         _notice(footer_extra=f'<div style="visibility: hidden; height: 1px">{HIDDEN_SPAM_LINKS}</div>')),
    Case("offscreen_position", {"hidden_link"},
         _notice(footer_extra=f'<div style="position:absolute;left:-9999px;top:-9999px">{HIDDEN_SPAM_LINKS}</div>')),
    Case("negative_text_indent", {"hidden_link"},
         _notice(footer_extra=f'<p style="text-indent:-99999px;overflow:hidden">{HIDDEN_SPAM_LINKS}</p>')),
    Case("zero_height_overflow", {"hidden_link"},
         _notice(footer_extra=f'<div style="height:0px;overflow:hidden">{HIDDEN_SPAM_LINKS}</div>')),
    Case("font_size_zero", {"hidden_link"},
         _notice(footer_extra=f'<span style="font-size:0px">{HIDDEN_SPAM_LINKS}</span>')),
    Case("colour_of_background", {"hidden_link"},
         _notice(footer_extra=f'<div style="background:#FFFFFF"><p style="color:#fff">{HIDDEN_SPAM_LINKS}</p></div>')),
    Case("stylesheet_class", {"hidden_link"},
         _notice(head="<style>.ft-a8{display:none!important}</style>",
                 footer_extra=f'<div class="ft-a8">{HIDDEN_SPAM_LINKS}</div>')),
    Case("stylesheet_id_offscreen", {"hidden_link"},
         _notice(head="<style>#seo_k { position: absolute; top: -3000px; }</style>",
                 footer_extra=f'<div id="seo_k">{HIDDEN_SPAM_LINKS}</div>')),
    Case("tiny_marquee", {"hidden_link"},
         _notice(footer_extra=f'<marquee height="1" width="1" scrollamount="3000">{HIDDEN_SPAM_LINKS}</marquee>')),
    Case("neutral_anchor_dark_link", {"hidden_link"},
         _notice(footer_extra='<!--seo--><div style="display:none"><a href="http://www.k8s-jz.xyz/">企业网站建设</a></div>')),
    Case("document_write_hidden", {"hidden_link"},
         _notice(footer_extra=f"<script>document.write('{WRITTEN}');</script>")),
    Case("hidden_spam_text", {"spam_text"},
         _notice(footer_extra='<div style="display:none">澳门新葡京 真人百家乐 注册送彩金 开户即送</div>')),
    Case("visible_spam_link_farm", {"spam_text"},
         _notice(footer_extra='<div class="flink">友情链接：<a href="http://www.nbazb8.com/">NBA直播吧</a> '
                              '<a href="http://www.yczb.cc/">英超直播</a> <a href="http://jrs.lv/">jrs低调看直播</a></div>')),
    Case("spliced_brand_text", {"spam_text"},
         gov_page("关于2020年11月全市政府网站抽查情况的通报_青山县人民政府",
                  "<p>市政府网站与政务新媒体工作金沙博彩领导小组澳门金沙博彩娱乐平台关于2020年11月全市政府网站和政务新媒体"
                  "抽查情况的通报。各区县市人民政府，市直各单位：</p>" + NORMAL_BODY)),
    Case("sports_stream_paragraph", {"spam_text"},
         _notice("<p>英超直播 西甲直播 NBA直播吧 免费直播 jrs低调看直播 最新网址 www.zb8.cc</p>")),
    Case("fake_documents", {"spam_text"},
         _notice("<p>代开发票 办证刻章 加微信 qs8888 代开增值税发票 稳赚</p>")),
    Case("traditional_and_zero_width", {"spam_text"},
         _notice(footer_extra='<p><a href="http://www.pj-55.com/">澳\u200b門新葡京娛樂</a></p>')),
    Case("title_stuffing", {"title_hijack"},
         gov_page("www性色av_成人电影_关于做好2026年度政府信息公开工作的通知", NORMAL_BODY)),
    Case("keywords_stuffing", {"title_hijack"},
         gov_page("关于做好2026年度政府信息公开工作的通知", NORMAL_BODY, keywords="澳门新葡京,太阳城娱乐,皇冠体育,青山县")),
    Case("meta_refresh_foreign", {"foreign_redirect"},
         _notice(head=f'<meta http-equiv="refresh" content="0; url={SPAM_HOST}/index.html">')),
    Case("script_location_foreign", {"foreign_redirect"},
         _notice(footer_extra='<script>window.location.href = "http://" + "www.xpj888.xyz/?from=gov";</script>')),
    Case("referrer_conditioned_script", {"foreign_redirect"},
         _notice(footer_extra='<script>var r=document.referrer;if(/baidu|sogou|so\\.com|sm\\.cn|google/i.test(r)){'
                              'location.replace("http://www.bet365-cn.top/");}</script>')),
    Case("referrer_conditioned_computed_target", {"foreign_redirect"},
         _notice(footer_extra='<script>(function(){var s=["baidu","sogou","so.com"],r=document.referrer;'
                              'for(var i=0;i<s.length;i++){if(r.indexOf(s[i])>0){top.location.href=atobx(u);}}})();</script>')),
    Case("referrer_server_side", {"foreign_redirect"}, CLEAN, others={
        "spider": fetch(CLEAN, "spider"),
        "search_referrer": fetch("<html><body>加载中</body></html>", "search_referrer",
                                 final_url="http://www.bet365-cn.top/land.html",
                                 redirects=[(302, "http://www.bet365-cn.top/land.html")])}),
    Case("spider_cloaking_title_and_links", {"cloaking"}, CLEAN, others={
        "spider": fetch(gov_page("澳门新葡京_太阳城娱乐_青山县人民政府", NORMAL_BODY,
                                 footer_extra=f"<p>{HIDDEN_SPAM_LINKS}</p>"), "spider")}),
    Case("spider_cloaking_links_only", {"cloaking"}, CLEAN, others={
        "spider": fetch(_notice(footer_extra='<p><a href="http://www.k8s-jz.xyz/">青山信息网</a> '
                                             '<a href="http://www.hz-wl9.top/">本地生活</a></p>'), "spider")}),
    Case("packer_plain", {"obfuscated_script"},
         _notice(footer_extra="<script>" + pack("var stat = new Image(); stat.src = '/count.gif?p=' + location.pathname;") + "</script>")),
    Case("packer_writes_hidden_links", {"obfuscated_script", "hidden_link"},
         _notice(footer_extra="<script>" + pack(f"document.write('{WRITTEN}');") + "</script>")),
    Case("hex_escapes", {"obfuscated_script", "hidden_link"},
         _notice(footer_extra=f'<script>document.write("{hex_escape(WRITTEN)}");</script>')),
    Case("from_char_code_chain", {"obfuscated_script"},
         _notice(footer_extra="<script>var u=String.fromCharCode(104,116,116,112)+String.fromCharCode(58,47,47)"
                              "+String.fromCharCode(120,46,99,111,109);new Image().src=u;</script>")),
    Case("unescape_percent_u", {"obfuscated_script", "hidden_link"},
         _notice(footer_extra=f"<script>document.write(unescape('{percent_u(WRITTEN)}'));</script>")),
    Case("atob_long_string", {"obfuscated_script", "hidden_link"},
         _notice(footer_extra="<script>document.write(decodeURIComponent(escape(atob('"
                              + base64.b64encode(WRITTEN.encode()).decode() + "'))));</script>")),
]

LOOK_ALIKES = [
    Case("anti_gambling_police_notice", set(), gov_page(
        "青山县公安局关于严厉打击网络赌博违法犯罪活动的通告_青山县人民政府",
        """<p>近期，一些不法分子以“百家乐”“时时彩”“六合彩”“网上赌球”等形式，通过网站、手机APP、微信群等开设网络赌场，
        诱骗群众参与网络赌博，严重危害人民群众财产安全。为严厉打击网络赌博违法犯罪活动，现通告如下：</p>
        <p>一、严禁任何单位和个人开设网络赌场、为网络赌博提供资金结算、推广引流等帮助。</p>
        <p>二、公安机关将依法查处赌博违法犯罪行为，对组织者、参与者依法追究法律责任。</p>
        <p>三、欢迎广大群众积极举报涉赌线索，举报电话：0731-12345678，经查证属实的给予奖励。</p>
        <p>拒绝赌博，远离网赌，从我做起。</p>""", keywords="打击网络赌博,禁赌,通告")),
    Case("welfare_lottery_fund_report", set(), gov_page(
        "青山县民政局2025年度福利彩票公益金使用情况公告_青山县人民政府",
        """<p>根据《彩票管理条例》和《彩票公益金管理办法》规定，现将我县2025年度使用中央和省级福利彩票公益金情况公告如下：</p>
        <p>2025年共收到福利彩票公益金386万元，用于养老服务、儿童福利、残疾人福利等项目。</p>
        <table><tr><td>项目</td><td>金额（万元）</td></tr><tr><td>农村敬老院改造</td><td>120</td></tr></table>
        <p>中国福利彩票：<a href="http://www.cwl.gov.cn/">中国福利彩票发行管理中心</a></p>""", keywords="福利彩票,公益金")),
    Case("sports_lottery_sales_notice", set(), gov_page(
        "关于规范体育彩票销售网点经营行为的通知_青山县人民政府",
        """<p>为规范体育彩票销售行为，各体育彩票销售网点不得向未成年人销售彩票，不得通过互联网销售彩票，不得销售私彩。
        体育彩票大乐透、排列三、竞彩等游戏应按规定销售，对违规网点依法查处。</p>
        <p>体育彩票公益金用于全民健身和社会公益事业。</p>""", keywords="体育彩票,销售网点")),
    Case("county_games_live_stream", set(), gov_page(
        "青山县第十届运动会开幕式将进行网络直播_青山县人民政府",
        """<p>青山县第十届运动会将于11月28日上午9时开幕，开幕式将在县融媒体中心客户端和视频号进行网络直播，
        届时将免费直播篮球、足球决赛。县体育局欢迎广大市民收看。</p>
        <p><a href="http://live.qsrmt.com/2026/games.html">点击观看直播</a></p>""", keywords="运动会,全民健身")),
    Case("anti_porn_campaign_notice", set(), gov_page(
        "青山县2026年“扫黄打非”工作要点_青山县人民政府",
        """<p>深入开展“扫黄打非”专项行动，严厉打击淫秽色情网站和网络色情信息，清理非法出版物，
        查处涉黄涉非案件，欢迎群众拨打12390举报。</p>""", keywords="扫黄打非")),
    Case("clean_notice", set(), CLEAN),
    Case("spider_sees_only_dynamic_differences", set(), CLEAN, others={
        "spider": fetch(_notice(visitors=10240, updated="2026-11-20 09:31"), "spider"),
        "search_referrer": fetch(_notice(visitors=10241), "search_referrer")}),
    Case("refresh_to_allowed_portal", set(), _notice(
        head='<meta http-equiv="refresh" content="3; url=http://www.hunan.gov.cn/xxgk/">')),
    Case("redirect_to_county_portal_host", set(), _notice(
        footer_extra='<script>if(location.hostname!="www.qingshan.gov.cn"){location.href="http://www.qingshan.gov.cn/";}</script>')),
    Case("analytics_reads_referrer", set(), _notice(
        footer_extra='<script>var img=new Image();img.src="/stat?r="+encodeURIComponent(document.referrer)+"&u="+location.href;</script>')),
    Case("hidden_internal_menu_with_lottery_word", set(), _notice(
        footer_extra='<div style="display:none" class="sub"><a href="/ztzl/fc/">福利彩票公益金专栏</a>'
                     '<a href="/ztzl/jd/">打击网络赌博专项行动</a></div>')),
]

CORPUS = INJECTIONS + LOOK_ALIKES
