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
  const pack = parsePack(files);
  const register = packForms(files).register;
  if (!register) throw new Error('本市规则包中没有登记表单（forms/register.json）。');
  const resolved = resolveForm(register, { pack, at: Date.now(), places: placeOptions(places) });
  return { schema: resolved.schema as Record<string, unknown>, uiSchema: resolved.uiSchema as Record<string, unknown> };
}
