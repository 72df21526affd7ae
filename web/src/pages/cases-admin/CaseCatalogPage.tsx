import { Space } from 'antd';
import { useAuth } from '../../app/auth';
import { CategoriesSection } from './CategoriesSection';
import { DepartmentsSection } from './DepartmentsSection';
import { RoutingRulesSection } from './RoutingRulesSection';

/** 事件类别与派遣规则: the case categories (names, default department, time limits) and routing rules. */
export default function CaseCatalogPage() {
  const { can } = useAuth();
  return (
    <Space orientation="vertical" size="large" style={{ display: 'flex' }}>
      <CategoriesSection />
      {can('departments.manage') && <DepartmentsSection />}
      <RoutingRulesSection />
    </Space>
  );
}
