/** The account page's messages (`account.*`) in Simplified Chinese. */
const accountZh = {
  title: '我的账号',
  menu: '我的账号',
  forced: {
    password: '首次登录或密码由系统生成：请先设置您自己的密码，然后才能使用系统。',
    totp: '您的角色可以查看个人敏感信息，必须启用动态验证码（两步验证）后才能使用系统。',
  },
  password: {
    title: '修改密码',
    current: '当前密码',
    new: '新密码',
    confirm: '再次输入新密码',
    mismatch: '两次输入的新密码不一致',
    required: '请输入密码',
    rules:
      '至少 10 个字符，包含大写字母、小写字母、数字、符号中的至少三类（16 个字符以上不限）；不能包含用户名，不能是常见密码。',
    submit: '修改密码',
    changed: '密码已修改，您的其他登录会话已全部退出',
  },
  totp: {
    title: '两步验证（动态验证码）',
    enabled: '已启用：登录时需要输入身份验证器中的 6 位验证码。',
    disabled:
      '未启用。启用后，登录时除了密码还需要输入手机身份验证器（如微信小程序“腾讯身份验证器”、Google Authenticator）中的验证码。',
    setup: '开始设置',
    scan: '用身份验证器扫描二维码，或手动输入下面的密钥：',
    secret: '密钥',
    code: '6 位验证码',
    codeRequired: '请输入 6 位数字验证码',
    enable: '启用',
    disable: '停用',
    disableHint: '停用需要输入当前的验证码',
    enabledDone: '两步验证已启用',
    disabledDone: '两步验证已停用',
  },
  sessions: {
    title: '登录会话',
    id: '会话',
    createdAt: '登录时间',
    lastSeenAt: '最近活动',
    ip: 'IP 地址',
    userAgent: '浏览器',
    current: '当前会话',
    revoke: '退出该会话',
    revokeConfirm: '确定让该会话退出登录吗？',
    revoked: '会话已退出',
  },
};

export default accountZh;
