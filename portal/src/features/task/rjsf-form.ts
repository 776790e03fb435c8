// @rjsf's Form with the antd theme, built once.
import { Theme as AntdTheme } from '@rjsf/antd';
import { withTheme } from '@rjsf/core';
import type Form from '@rjsf/core';

export type RjsfFormRef = Form;
const ThemedForm = withTheme(AntdTheme);
export default ThemedForm;
