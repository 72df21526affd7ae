import dayjs from 'dayjs';
import type { DisputeDetail } from './disputes.api';

const keyOf = (p: DisputeDetail['parties'][number]) =>
  p.personId ?? p.orgId ?? `${p.name}:${p.idNumber ?? p.phone ?? ''}`;

/**
 * The print view of the mediation agreement (人民调解协议书), the same text as the DOCX the server
 * makes, with the numbers as the caller sees them (masked unless they may unmask).
 */
export function AgreementPrint({ d }: { d: DisputeDetail }) {
  return (
    <div
      className="cg-agreement-print"
      data-testid="agreement-print-view"
      style={{ fontFamily: 'SimSun, serif', lineHeight: 1.9 }}
    >
      <h2 style={{ textAlign: 'center' }}>人民调解协议书</h2>
      <p style={{ textAlign: 'center' }}>编号：{d.number}</p>
      {d.parties.map((p, i) => (
        <p key={keyOf(p)}>
          当事人{i + 1}：{p.name}　身份证号码：{p.idNumber ?? '—'}　联系电话：{p.phone ?? '—'}
          <br />
          住所：{p.address || '—'}
        </p>
      ))}
      <p>
        <b>纠纷主要事实、争议事项：</b>
        {d.kindName}。{d.title}。{d.description}
      </p>
      <p>
        纠纷发生地：{d.gridName} {d.address}
      </p>
      <p>调解经过：{d.sessions.map((s) => `${s.heldOn}于${s.place}`).join('；') || '—'}</p>
      <p>
        <b>经调解，自愿达成如下协议：</b>
      </p>
      <p style={{ whiteSpace: 'pre-wrap' }}>{d.agreementTerms}</p>
      <p>
        本协议一式三份，当事人、人民调解委员会各持一份，自各方当事人签名（盖章）、人民调解员签名并加盖人民调解委员会印章之日起生效。
      </p>
      {d.parties.map((p) => (
        <p key={`sign-${keyOf(p)}`}>当事人（签名）：{p.name}　　　　　　　年　　月　　日</p>
      ))}
      <p>人民调解员（签名）：{d.mediatorName ?? ''}</p>
      <p>{d.committee ?? '人民调解委员会'}（盖章）</p>
      <p>{d.closedAt ? dayjs(d.closedAt).format('YYYY年M月D日') : ''}</p>
    </div>
  );
}
