"""Security records (password history, policy): owned by the 身份鉴别 work."""
