"""Portal and workbench pages of 政务咨询."""
import re

from django.urls import reverse

from gongkai.consult import services
from gongkai.consult.models import ConsultationPolicy, Message, Publication, Status
from tests.conftest import PASSWORD


def _post_ask(client, unit, **over):
    page = client.get(reverse("consult_public:ask"))
    token = re.search(r'name="submission_key" value="([^"]+)"', page.content.decode()).group(1)
    data = {"submission_key": token, "unit": unit.pk, "category": "consult", "subject": "低保怎么申请",
            "body": "我叫王小明，电话13812345678，想问低保怎么申请。", "name": "王小明", "contact": "13812345678",
            "wants_public": "on"}
    data.update(over)
    return client.post(reverse("consult_public:ask"), data)


def test_ask_receipt_and_lookup(client, street):
    response = _post_ask(client, street)
    assert response.status_code == 302
    done = client.get(reverse("consult_public:done")).content.decode()
    number = re.search(r'id="message-number">([^<]+)<', done).group(1)
    code = re.search(r'id="query-code">([^<]+)<', done).group(1)
    assert Message.objects.get().number == number
    found = client.post(reverse("consult_public:lookup"), {"number": number, "code": code})
    assert found.status_code == 200 and "待答复" in found.content.decode()
    wrong = client.post(reverse("consult_public:lookup"), {"number": number, "code": "AAAAAAAAAA"})
    assert wrong.status_code == 404 and "未找到" in wrong.content.decode()


def test_ask_without_contact_is_refused_with_a_message(client, street):
    response = _post_ask(client, street, contact="")
    assert response.status_code == 400 and "请填写联系方式" in response.content.decode()
    assert not Message.objects.exists()


def test_ask_captcha_and_rate_limit(client, street, settings):
    settings.GONGKAI_PUBLIC_CAPTCHA = True
    response = _post_ask(client, street, captcha="999999")
    assert response.status_code == 400 and not Message.objects.exists()
    settings.GONGKAI_PUBLIC_CAPTCHA = False
    settings.GONGKAI_PUBLIC_RATE_LIMIT = True
    settings.GONGKAI_PUBLIC_RATE_LIMIT_PER_HOUR = 1
    assert _post_ask(client, street).status_code == 302
    assert _post_ask(client, street).status_code == 429


def test_published_pages_mask_and_carry_no_script(client, street, street_clerk, ask):
    m = ask(street).message
    services.answer(user=street_clerk, message=m, text="请王小明携带身份证到街道办理，咨询电话13812345678。")
    services.choose_publication(user=street_clerk, message=m, publish=True)
    for url in (reverse("consult_public:list"), reverse("consult_public:detail", args=[m.pk]),
                reverse("consult_public:faq") + "?q=开工"):
        body = client.get(url).content.decode()
        assert "老旧小区改造什么时候开工" in body
        assert "王小明" not in body and "13812345678" not in body
        assert "<script" not in body
    assert "没有找到" in client.get(reverse("consult_public:faq") + "?q=火星").content.decode()


def test_unpublished_message_has_no_public_page(client, street, ask):
    m = ask(street).message
    assert client.get(reverse("consult_public:detail", args=[m.pk])).status_code == 404


def test_workbench_answer_publish_with_review(client, street, street_clerk, street_reviewer, town_clerk, ask):
    ConsultationPolicy.objects.create(unit=street, review_before_publication=True)
    m = ask(street).message
    client.login(username="town_clerk", password=PASSWORD)
    assert client.get(reverse("consult:detail", args=[m.pk])).status_code == 404
    client.login(username="street_clerk", password=PASSWORD)
    page = client.get(reverse("consult:detail", args=[m.pk])).content.decode()
    assert "王小明" in page and "answer-form" in page
    assert client.post(reverse("consult:answer", args=[m.pk]), {"text": ""}).status_code == 400
    assert client.post(reverse("consult:answer", args=[m.pk]), {"text": "下月开工"}).status_code == 302
    client.post(reverse("consult:publish", args=[m.pk]), {"publish": "1", "in_faq": "on"})
    assert Message.objects.get(pk=m.pk).publication == Publication.PENDING
    assert client.post(reverse("consult:approve", args=[m.pk]), {"approve": "1"}).status_code == 403
    client.login(username="street_reviewer", password=PASSWORD)
    client.post(reverse("consult:approve", args=[m.pk]), {"approve": "1"})
    assert Message.objects.get(pk=m.pk).publication == Publication.PUBLISHED


def test_workbench_transfer_and_convert(client, street, town, street_clerk, ask):
    m, other = ask(street).message, ask(street).message
    client.login(username="street_clerk", password=PASSWORD)
    client.post(reverse("consult:transfer", args=[m.pk]), {"to_unit": town.pk, "reason": "属镇职责"})
    assert Message.objects.get(pk=m.pk).unit == town
    page = client.get(reverse("consult:detail", args=[other.pk])).content.decode()
    token = re.search(r'id="convert-form".*?name="submission_key" value="([^"]+)"', page, re.S).group(1)
    response = client.post(reverse("consult:convert", args=[other.pk]), {
        "submission_key": token, "applicant_type": "natural_person", "name": "王小明",
        "id_number": "11010519491231002X", "phone": "13812345678", "description": "改造批复文件",
        "info_form": "electronic", "delivery": "online"})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == Status.CONVERTED and other.converted_application.description == "改造批复文件"


def test_unit_admin_sets_the_promise(client, street, street_admin, street_clerk, ask, today):
    import datetime as dt
    client.login(username="street_clerk", password=PASSWORD)
    assert client.get(reverse("consult:settings")).status_code == 403
    client.login(username="street_admin", password=PASSWORD)
    bad = client.post(reverse("consult:settings"), {"promise_workdays": "30"})
    assert bad.status_code == 400 and "1至15个工作日" in bad.content.decode()
    client.post(reverse("consult:settings"), {"promise_workdays": "3", "review_before_publication": "on"})
    policy = ConsultationPolicy.objects.get(unit=street)
    assert policy.promise_workdays == 3 and policy.review_before_publication
    today(dt.date(2025, 3, 3))
    assert ask(street).message.due_on == dt.date(2025, 3, 6)


def test_lookups_are_rate_limited_per_address(client, street, settings):
    """The application look-up's limit (intake.ratelimit.lookup): failures count, 429 past the limit."""
    settings.GONGKAI_PUBLIC_RATE_LIMIT = True
    settings.GONGKAI_PUBLIC_RATE_LIMIT_PER_HOUR = 1  # 4 failed look-ups an hour
    codes = [client.post(reverse("consult_public:lookup"), {"number": "LY-X-1", "code": "ABCDEFGHJK"}).status_code
             for _ in range(5)]
    assert codes == [404, 404, 404, 404, 429]
    assert "查询失败次数过多" in client.post(reverse("consult_public:lookup"), {"number": "LY-X-1",
                                                                          "code": "ABCDEFGHJK"}).content.decode()
