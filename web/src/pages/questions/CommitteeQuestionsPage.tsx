import QuestionsPage from './QuestionsPage';

/** Community staff: owners' questions to the homeowners' committees of their area, answered in their name. */
export default function CommitteeQuestionsPage() {
  return <QuestionsPage mode="committee" />;
}
