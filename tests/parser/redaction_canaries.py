"""Personal data planted where no layout looks, for the redaction tests (tests/parser/test_redact.py).

Each canary is fake and unusual enough that finding it again in a redacted page can only mean it
survived. They sit under meaningless classes, in attributes of every kind, in page JSON and scripts, in
URLs, comments and the page head; the fixtures' own (fake) names, streets and phones are swapped for
canaries too, so the shipping blocks layouts do know are covered as well.
"""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

from orderlens.parser.decode import decode

CANARIES = {
    "name": "Zebulon Quackenbush",
    "first name": "Zebulon",
    "surname": "Quackenbush",
    "street": "742 Evergreen Terrace",
    "city": "Springfield Heights",
    "postcode": "97001",
    "e-mail": "zebulon.q@example.org",
    "e-mail user": "zebulon.q",
    "phone": "+44 20 7946 0958",
    "phone digits": "7946 0958",
    "grouped phone": "612 345 678",
    "csrf token": "tok3nS3cr3tValue",
    "_m_h5_tk": "f00dfeed8badcafe_1700000000123",
    "x5sec": "7b22636f6e66696775726174696f6e",
    "session id": "sidValue12345",
    "member id": "mem5566778899",
    "member seq": "5566778899",
    "cookie": "CookieSecret987",
    "avatar": "AvatarOfZebulon",
    "profile path": "zebulon-profile-4411",
    "store visit": "storeVisitKey93",
}
C = CANARIES
_HEAD = f"""<meta name="author" content="{C["name"]}">
<meta name="description" content="Orders of {C["first name"]}, {C["city"]}">
<meta http-equiv="set-cookie" content="x5sec={C["x5sec"]}; path=/">
<script type="application/ld+json">{{"@type": "Person", "name": "{C["name"]}", "email": "{C["e-mail"]}"}}</script>
<style>.hero{{background:url("https://ae01.alicdn.com/kf/{C["avatar"]}.jpg")}}</style>
"""
_BODY = f"""
<!-- account of {C["name"]}, {C["e-mail"]} -->
<div class="x9 q-2"><div class="k1"><span class="zz">{C["name"]}</span><span>{C["phone"]}</span></div>
  <div class="k2"><span>{C["street"]}</span>, <span>{C["city"]}</span>, OR {C["postcode"]}</div></div>
<div class="nav-top"><span>Hi, {C["first name"]}</span> <a href="/p/{C["profile path"]}/index.html">Me</a></div>
<p class="tip">Delivered to {C["name"]} at {C["street"]}. Call {C["grouped phone"]} or write to {C["e-mail"]}.</p>
<p class="tip">The seller didn't ship {C["first name"]} {C["surname"]} in time.</p>
<p class="tip">Order of Zeb&#117;lon Qu&#x61;ckenbush</p>
<div class="a1" title="{C["name"]}" data-user='{{"memberId":"{C["member id"]}","memberSeq":{C["member seq"]}}}'
  data-phone="{C["phone"]}" aria-label="{C["e-mail"]}" data-x={C["first name"]} onclick="track('{C["session id"]}')">
  <img src="https://ae01.alicdn.com/kf/{C["avatar"]}.jpg" srcset="https://ae01.alicdn.com/kf/{C["avatar"]}.jpg 2x"
    alt="{C["name"]}" style="background-image:url(https://ae01.alicdn.com/kf/{C["avatar"]}.png)">
  <input type="email" value="{C["e-mail"]}" placeholder="{C["name"]}"><textarea>{C["street"]}</textarea>
</div>
<a href="mailto:{C["e-mail"]}">Email us</a> <a href="tel:{C["phone"]}">Call</a>
<a href="https://www.aliexpress.com/p/my-account/index.html?_t={C["session id"]}&amp;_m_h5_tk={C["_m_h5_tk"]}\
&amp;email={C["e-mail"]}&amp;memberSeq={C["member seq"]}#{C["store visit"]}">Account</a>
<a href="https://www.aliexpress.com/store/visit.html?key={C["store visit"]}&amp;name={C["name"]}">Shop</a>
<noscript><p>{C["name"]}</p></noscript>
<script>window.runParams = {{"data": {{"buyerName": "{C["name"]}", "receiverAddress": "{C["street"]}",
  "_csrf_token": "{C["csrf token"]}", "memberSeq": {C["member seq"]}, "x5sec": "{C["x5sec"]}"}}}};
document.cookie = "xman_t={C["cookie"]}; _m_h5_tk={C["_m_h5_tk"]}; path=/";</script>
<svg><text><![CDATA[{C["name"]}]]></text></svg>
"""
# The fixtures' own fake personal data, swapped for canaries.
_OWN = (
    ("Jane Example", C["name"]),
    ("Jane  Example", C["name"]),
    ("Juana Ejemplo", C["name"]),
    ("Jane", C["first name"]),
    ("Juana", C["first name"]),
    ("1 Sample Street", C["street"]),
    ("+1 555 0100", C["phone"]),
    ("+34 555 0100", C["phone"]),
)


def planted(page: Path) -> str:
    """A fixture page with canaries in its head, at the end of its body and instead of its own data."""
    html = decode(page.read_bytes())
    for own, canary in _OWN:
        html = html.replace(own, canary)
    html = re.sub(r"</head>", lambda _: _HEAD + "</head>", html, count=1, flags=re.I)
    return re.sub(r"</body>", lambda _: _BODY + "</body>", html, count=1, flags=re.I)


def survivors(html: str) -> list[str]:
    """The canaries still in `html`, as written or once character references are decoded, in any case."""
    texts = (html.lower(), html_lib.unescape(html).lower())
    return [kind for kind, value in CANARIES.items() if any(value.lower() in text for text in texts)]
