import QuestionsPage from './QuestionsPage';

/** Community staff: the questions held for a sensitive word. */
export default function ModerationPage() {
  return <QuestionsPage mode="moderation" />;
}
