// @rjsf/antd's field frame, with the field's problems always in sight: the theme's own template
// shows the help text instead of the errors when a field has both (Turpan's 立案情况 has help), so
// the server's message never appeared. Here the problems come first, in red, and the help stays
// below them in grey.
import { type FieldTemplateProps, getTemplate, getUiOptions } from '@rjsf/utils';
import { Form } from 'antd';

const FULL = { span: 24 };

export function FieldTemplate(props: FieldTemplateProps) {
  const { children, description, displayLabel, help, rawHelp, hidden, id, label, rawErrors, rawDescription, registry, required, schema, uiSchema } = props;
  const uiOptions = getUiOptions(uiSchema);
  const WrapIfAdditionalTemplate = getTemplate('WrapIfAdditionalTemplate', registry, uiOptions);
  if (hidden) return <div className="rjsf-field-hidden">{children}</div>;
  const problems = (rawErrors ?? []).filter((e, i, all) => e && all.indexOf(e) === i);
  const descriptionNode = rawDescription ? description : null;
  const helpNode = rawHelp ? help : null;
  const errorNode =
    problems.length > 0 ? (
      <div className="field-errors" data-testid="field-error" data-field={id}>
        {problems.map((p) => (
          <div key={p}>{p}</div>
        ))}
      </div>
    ) : undefined;
  const extra =
    descriptionNode || (errorNode && helpNode) ? (
      <>
        {descriptionNode}
        {errorNode ? helpNode : null}
      </>
    ) : undefined;
  return (
    <WrapIfAdditionalTemplate {...props}>
      <Form.Item
        hasFeedback={schema.type !== 'array' && schema.type !== 'object'}
        help={errorNode ?? helpNode ?? undefined}
        htmlFor={id}
        label={displayLabel && uiOptions.widget !== 'checkbox' ? label : undefined}
        labelCol={FULL}
        wrapperCol={FULL}
        required={required}
        validateStatus={problems.length > 0 ? 'error' : undefined}
        extra={extra}
      >
        {children}
      </Form.Item>
    </WrapIfAdditionalTemplate>
  );
}
