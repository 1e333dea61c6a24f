// babel-preset-taro picks the framework and TypeScript handling for every target.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
