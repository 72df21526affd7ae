import { UploadOutlined } from '@ant-design/icons';
import { Button, Form, Upload, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';

/** The types the server takes as case attachments (it checks the bytes too). */
const PHOTO_TYPES = 'image/jpeg,image/png,image/webp,application/pdf';

/** Photos chosen in a form, uploaded by the caller once the case or move is saved. */
export function PhotoField({
  label,
  files,
  onChange,
  'data-testid': testId,
}: {
  label: string;
  files: UploadFile[];
  onChange(files: UploadFile[]): void;
  'data-testid': string;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item label={label} extra={t('cases.form.photoTypes')}>
      <Upload
        accept={PHOTO_TYPES}
        multiple
        listType="picture"
        fileList={files}
        beforeUpload={() => false}
        onChange={({ fileList }) => onChange(fileList)}
      >
        <Button icon={<UploadOutlined />} data-testid={testId}>
          {t('cases.form.addPhoto')}
        </Button>
      </Upload>
    </Form.Item>
  );
}
