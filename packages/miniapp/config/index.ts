import { availableParallelism } from 'node:os';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

// One output folder per target: the builds would otherwise overwrite each other.
const env = process.env.TARO_ENV ?? 'h5';
// `pnpm start` sets SHOPFLOOR_START_BUILD=1: no progress output (its log has one line per step).
const startBuild = Boolean(process.env.SHOPFLOOR_START_BUILD);

export default defineConfig<'webpack5'>((merge) => {
  const base: UserConfigExport<'webpack5'> = {
    projectName: 'shopfloor',
    date: '2026-07-01',
    designWidth: 375,
    deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // TARO_OUTPUT_ROOT lets a test or a second checkout build beside the default output.
    outputRoot: process.env.TARO_OUTPUT_ROOT ?? `dist/${env}`,
    // dd: DingTalk mini-program, built through the Alipay platform plugin (see docs/app.md).
    plugins: ['@tarojs/plugin-platform-alipay-dd'],
    // Mini-programs have no same-origin server: the API URL is fixed at build time.
    defineConstants: {
      SHOPFLOOR_API_URL: JSON.stringify(process.env.SHOPFLOOR_API_URL ?? 'http://127.0.0.1:8080'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    ...(startBuild ? { logger: { quiet: true, stats: false } } : {}),
    // Terser's default quote_keys turns ky's #private methods into a syntax error (blank page).
    terser: { enable: true, config: { output: { quote_keys: false } } },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
    h5: {
      // Terser takes about half an H5 build and runs on cores - 1 workers, one on 2 cores: every core
      // minifies, the same output sooner. (esbuild as minifier halved the build again on 2026-12-04
      // but made the app 16 % bigger gzipped: not done.)
      webpackChain(chain) {
        // webpack-chain has `minimizers` at runtime, not in its typings.
        const { minimizers } = chain.optimization as unknown as {
          minimizers: { has(name: string): boolean };
        };
        if (minimizers.has('terserPlugin')) {
          chain.optimization
            .minimizer('terserPlugin')
            .tap(([options]) => [{ ...options, parallel: Math.max(1, availableParallelism()) }]);
        }
      },
      // The server serves the H5 build at /app/.
      publicPath: '/app/',
      staticDirectory: 'static',
      // Hash routing: WeCom signs the URL without '#…', so one signature serves every page.
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        // CSS px as written: touch targets keep their real size (56 px) on phones and big screens alike.
        pxtransform: { enable: false, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
  };
  return process.env.NODE_ENV === 'development' ? merge({}, base, { mini: {}, h5: {} }) : base;
});
