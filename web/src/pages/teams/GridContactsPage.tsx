import { PhoneOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, List, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AreaPicker } from '../../components/AreaPicker';
import { type ContactCard, teamQueries } from './teams.api';
import './teams.css';

type Contact = ContactCard['teams'][number]['members'][number];

/** 网格联系卡: pick a grid, see who is responsible for what, as its residents do. */
export default function GridContactsPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const grid = params.get('grid');
  const card = useQuery({ ...teamQueries.contacts(grid ?? '', i18n.language), enabled: Boolean(grid) });

  return (
    <div className="cg-teams" data-testid="grid-contacts-page">
      <Card title={t('teams.contacts.title')}>
        <Typography.Paragraph type="secondary">{t('teams.contacts.intro')}</Typography.Paragraph>
        <AreaPicker
          gridsOnly
          data-testid="contacts-grid"
          style={{ width: 320, marginBottom: 16 }}
          value={grid}
          placeholder={t('teams.contacts.pick')}
          onChange={(code) => setParams(code ? { grid: code } : {}, { replace: true })}
        />
        {!grid && <Empty description={t('teams.contacts.pickFirst')} />}
        {grid && card.isPending && <Skeleton active />}
        {card.isError && <Alert type="error" showIcon title={card.error.message} />}
        {grid && card.data && <ContactCardView card={card.data} />}
      </Card>
    </div>
  );
}

function Person({ contact }: { contact: Contact }) {
  return (
    <List.Item>
      <Space wrap>
        <UserOutlined />
        <Typography.Text strong>{contact.name}</Typography.Text>
        <Typography.Text type="secondary">{contact.role}</Typography.Text>
        {contact.workPhone && (
          <a href={`tel:${contact.workPhone}`}>
            <PhoneOutlined /> {contact.workPhone}
          </a>
        )}
      </Space>
    </List.Item>
  );
}

export function ContactCardView({ card }: { card: ContactCard }) {
  const { t } = useTranslation();
  return (
    <div className="cg-contact-card" data-testid="contact-card">
      <Typography.Title level={4}>{card.gridName}</Typography.Title>
      <Card size="small" className="cg-contact-head" data-testid="contact-head">
        <Tag color="orange">{t('teams.contacts.head')}</Tag>
        {card.head ? (
          <Space wrap>
            <Typography.Text strong>{card.head.name}</Typography.Text>
            {card.head.workPhone && (
              <a href={`tel:${card.head.workPhone}`}>
                <PhoneOutlined /> {card.head.workPhone}
              </a>
            )}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('teams.contacts.noHead')}</Typography.Text>
        )}
      </Card>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        {card.teams.map((team) => (
          <Col key={team.team} xs={24} md={12} xl={8}>
            <Card size="small" title={t(`teams.team.${team.team}`)} data-testid={`contact-team-${team.team}`}>
              <List
                size="small"
                dataSource={team.members}
                locale={{ emptyText: t('teams.contacts.none') }}
                renderItem={(contact) => <Person contact={contact} />}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('teams.contacts.forces')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {card.forces.map((force) => (
          <Col key={force.forceCode} xs={24} md={12} xl={8}>
            <Card
              size="small"
              title={force.forceName}
              extra={force.unit && <Typography.Text type="secondary">{force.unit}</Typography.Text>}
            >
              <List
                size="small"
                dataSource={force.contacts}
                locale={{ emptyText: t('teams.contacts.none') }}
                renderItem={(contact) => <Person contact={contact} />}
              />
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}
