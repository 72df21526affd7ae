/** The browser setup page's messages (`setup.*`), spread into the app's zh-CN messages. */
const setupZh = {
  title: '初始化新区',
  intro: '这台服务器还没有任何账号。填写本区的区划代码和名称，并设置第一位区级管理员。此链接只能使用一次。',
  notFound: '初始化链接无效、已使用或已过期',
  notFoundHint: '还没有账号的服务器每次启动都会打印新的初始化链接；也可以在服务器上运行 civicgrid init。',
  expires: '链接有效期至 {{time}}',
  districtCode: '区划代码',
  districtCodeHint: '6 位 GB/T 2260 县级区划代码，例如 110105（北京市朝阳区）',
  districtCodeInvalid: '应为 6 位数字',
  districtName: '区名称',
  adminUsername: '管理员用户名',
  adminUsernameInvalid: '只能使用 3–40 个小写字母、数字、下划线、点或连字符',
  adminName: '管理员姓名',
  adminNameHint: '可选，默认为“区名称管理员”',
  password: '密码',
  passwordHint: '至少 10 个字符，包含大写字母、小写字母、数字、符号中的至少三类（或至少 16 个字符）',
  passwordConfirmation: '确认密码',
  passwordMismatch: '两次输入的密码不一致',
  required: '必填',
  submit: '初始化',
  done: '已创建 {{district}}（{{code}}）和区级管理员 {{username}}',
  totpIntro:
    '区级管理员登录时需要动态验证码。请用身份验证器应用（如 Microsoft Authenticator、Google 身份验证器）扫描下面的二维码，或手动输入密钥。首次登录时输入应用中的验证码即完成绑定。',
  secret: '密钥',
  toLogin: '前往登录',
};

export default setupZh;
