import type questionsZh from './zh-CN';

const questionsEn: typeof questionsZh = {
  inboxTitle: "Residents' questions to answer",
  moderationTitle: 'Questions held for moderation',
  number: 'Number',
  text: 'Question',
  state: 'State',
  due: 'Due',
  states: { held: 'Held', hidden: 'Hidden', open: 'Awaiting answer', answered: 'Answered' },
  alarm: { yellow: 'Due soon', red: 'Overdue' },
  answer: 'Answer',
  answerText: 'Answer',
  saveDraft: 'Save draft',
  publish: 'Publish answer',
  amend: 'Amend answer',
  edited: 'edited',
  rating: 'Rating',
  publishQuestion: 'Publish',
  hideQuestion: 'Hide',
  reason: 'Reason',
  heldWords: 'Sensitive words',
  saved: 'Saved',
  followers: '{{count}} following',
};
export default questionsEn;
