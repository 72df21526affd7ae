import type { Random } from './random.ts';

// Common surnames by frequency, and given-name characters, for believable demo staff and residents.
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤',
];
const GIVEN = [
  ...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥建国志宏海燕晓丹辉鹏飞春梅雪琳浩宇子轩梓涵欣怡佳慧文博思远嘉怡婷颖晨阳振华立新永红少军',
];

export function personName(random: Random): string {
  const surname = SURNAMES[Math.floor(random() * SURNAMES.length)];
  const length = random() < 0.7 ? 2 : 1;
  let given = '';
  for (let i = 0; i < length; i++) given += GIVEN[Math.floor(random() * GIVEN.length)];
  return surname + given;
}
