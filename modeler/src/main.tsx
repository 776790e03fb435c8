// Browser entry: zh-CN first (antd and dayjs locales), then the pack source, then the app.
import 'antd/dist/reset.css';
import './styles.css';
import { App as AntApp, ConfigProvider } from 'antd';
// antd's ESM locale: the CommonJS re-export at antd/locale/zh_CN reaches the bundle as { default }, and
// antd then fell back to English (date pickers showed Dec 2026, Su Mo Tu)
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { chooseSource } from './app/choose-source';

dayjs.locale('zh-cn');

async function start(): Promise<void> {
  const url = new URL(window.location.href);
  const { source, api } = await chooseSource(url, window.fetch.bind(window), window.localStorage);
  const city = url.searchParams.get('city') ?? undefined;
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ConfigProvider locale={zhCN}>
        <AntApp>
          <App source={source} {...(api ? { api } : {})} {...(city ? { preferredCity: city } : {})} />
        </AntApp>
      </ConfigProvider>
    </StrictMode>,
  );
}

void start();
