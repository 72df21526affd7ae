import { describe, expect, it } from 'vitest';
import { readProblem } from './write-errors';

const FIELDS = ['name', 'idNumber', 'phone', 'lon', 'contactPhone'];

describe('readProblem', () => {
  it('puts an invalid field’s message under that field', () => {
    const failure = readProblem(
      {
        status: 422,
        code: 'invalid_field',
        detail: '电话不正确：不是有效的手机号或固定电话',
        errors: [{ field: 'phone', code: 'bad_phone', message: '不是有效的手机号或固定电话' }],
      },
      FIELDS,
    );
    expect(failure).toEqual({
      kind: 'fields',
      fields: [{ name: 'phone', errors: ['不是有效的手机号或固定电话'] }],
      others: [],
    });
  });

  it('follows aliases, and keeps problems of fields the form lacks apart', () => {
    const location = readProblem(
      {
        status: 422,
        code: 'invalid_field',
        detail: '位置不正确：该位置不在辖区任何网格内',
        errors: [{ field: 'location', code: 'outside_district', message: '该位置不在辖区任何网格内' }],
      },
      FIELDS,
      { location: 'lon' },
    );
    expect(location).toMatchObject({ fields: [{ name: 'lon', errors: ['该位置不在辖区任何网格内'] }] });

    const household = readProblem(
      {
        status: 422,
        code: 'invalid_field',
        detail: '户不正确：不属于所选房屋',
        errors: [{ field: 'householdId', code: 'not_in_house', message: '不属于所选房屋' }],
      },
      FIELDS,
    );
    expect(household).toEqual({ kind: 'fields', fields: [], others: ['户不正确：不属于所选房屋'] });
  });

  it('reads schema errors by their path and a duplicate ID number as its field’s problem', () => {
    expect(
      readProblem(
        {
          status: 400,
          code: 'validation_failed',
          errors: [{ path: 'body/name', message: 'must NOT be empty' }],
        },
        FIELDS,
      ),
    ).toMatchObject({ fields: [{ name: 'name', errors: ['must NOT be empty'] }] });
    expect(
      readProblem(
        { status: 409, code: 'person_exists', detail: '身份证号已登记在另一条在册人员记录中' },
        FIELDS,
      ),
    ).toMatchObject({ fields: [{ name: 'idNumber', errors: ['身份证号已登记在另一条在册人员记录中'] }] });
  });

  it('hands back the record as it now is on a version conflict', () => {
    const current = { id: 'x', version: 3, phone: '139****5678' };
    expect(readProblem({ status: 409, code: 'version_conflict', current }, FIELDS)).toEqual({
      kind: 'conflict',
      current,
    });
  });

  it('keeps any other problem as a message', () => {
    expect(
      readProblem({ status: 409, code: 'record_in_use', detail: '还有 3 条在册记录属于它' }, FIELDS),
    ).toEqual({ kind: 'other', message: '还有 3 条在册记录属于它' });
  });
});
