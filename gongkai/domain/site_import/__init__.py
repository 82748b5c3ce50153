"""Reading an office's existing 信息公开 column (站点导入): detail pages and list pages of the CMSs
offices use (大汉 Hanweb, 拓尔思 TRS, 开普云, home-grown sites). Pure functions over HTML text; the
fetching is ``gongkai.siteimport.crawl``."""
from .records import Attachment, DetailRecord

__all__ = ["Attachment", "DetailRecord"]
