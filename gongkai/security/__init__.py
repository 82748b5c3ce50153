"""等保 2.0 第三级 controls at the application level: 身份鉴别, 三员分立 consoles, input guards.

Sub-packages each own one console or control; see docs/security.md for the map from
each GB/T 22239-2019 item to the code and the test that shows it.
"""
