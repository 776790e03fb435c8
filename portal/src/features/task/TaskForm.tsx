// A task's form, as the server resolved it for this ticket, rendered by @rjsf with the antd theme
// and the props @hotline/forms prescribes. The server checks every submission against the same
// schema; its field problems come back here as `extraErrors` under their fields.
import Form, { type RjsfFormRef } from './rjsf-form';
import { RJSF_FORM_PROPS } from '@hotline/forms';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { Typography } from 'antd';
import { type Ref, useMemo } from 'react';
import type { ErrorTree } from '../../lib/field-errors';
import { renderableSchema } from '../../lib/form-schema';
import { FieldTemplate } from './FieldTemplate';
import { interpretingValidator } from './schema-validator';
import { SelectWidget } from './SelectWidget';

const WIDGETS = { SelectWidget };
const TEMPLATES = { FieldTemplate };

export interface TaskFormProps {
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  formData: unknown;
  onChange(data: unknown): void;
  errors: ErrorTree;
  disabled?: boolean;
  formRef?: Ref<RjsfFormRef>;
}

export function TaskForm({ schema, uiSchema, formData, onChange, errors, disabled, formRef }: TaskFormProps) {
  // the page shows the form's title (the card's) and its description (above the fields)
  const rendered = useMemo(() => {
    const { title: _title, description: _description, ...rest } = renderableSchema(schema);
    return rest as RJSFSchema;
  }, [schema]);
  const description = typeof schema.description === 'string' ? schema.description : null;
  const ui = useMemo<UiSchema>(() => ({ ...(uiSchema as UiSchema), 'ui:submitButtonOptions': { norender: true } }), [uiSchema]);
  return (
    <div data-testid="task-form">
      {description ? <Typography.Paragraph type="secondary">{description}</Typography.Paragraph> : null}
      <Form
        ref={formRef}
        schema={rendered}
        uiSchema={ui}
        formData={formData}
        onChange={(e) => onChange(e.formData)}
        validator={interpretingValidator}
        widgets={WIDGETS}
        templates={TEMPLATES}
        // the server validates (same schema, messages in Chinese naming the field)
        noValidate
        showErrorList={false}
        extraErrors={errors as never}
        disabled={disabled}
        {...RJSF_FORM_PROPS}
      />
    </div>
  );
}
