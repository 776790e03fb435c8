// The register form of the city's pack in force, resolved in the browser with @hotline/forms (the
// same code the server resolves task forms with). Loaded only on the registration page.
import { packForms, placeOptions, resolveForm } from '@hotline/forms';
import { parsePack } from '@hotline/rules';
import type { ApiClient } from '../../api/client';
import { chinaDay, packInForce } from '../../pack/pack-info';

export async function loadRegisterForm(api: ApiClient, city: string): Promise<{ schema: Record<string, unknown>; uiSchema: Record<string, unknown> }> {
  const inForce = packInForce(await api.packVersions(city), chinaDay());
  if (!inForce) throw new Error('本市没有已发布并生效的规则版本，无法登记。请联系实施人员发布城市规则包。');
  const [{ files }, { places }] = await Promise.all([api.packFiles(city, inForce.number), api.places(city)]);
  const pack = parsePack(files, { published: true }); // checked when published; no schema compiled under the CSP
  const register = packForms(files).register;
  if (!register) throw new Error('本市规则包中没有登记表单（forms/register.json）。');
  let resolved;
  try {
    resolved = resolveForm(register, { pack, at: Date.now(), places: placeOptions(places) });
  } catch (e) {
    // a city set up without its places (区划): say so in the registrar's words
    if (places.length === 0 && (e as { code?: string }).code === 'FORM_CONTEXT_MISSING') {
      throw new Error('本市尚未导入区划，登记表单无法选择事发区划。请联系实施人员在组织文件中导入区划（places）。');
    }
    throw e;
  }
  return { schema: resolved.schema as Record<string, unknown>, uiSchema: resolved.uiSchema as Record<string, unknown> };
}
