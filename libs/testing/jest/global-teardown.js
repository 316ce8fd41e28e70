module.exports = async () => {
  await globalThis.__chatTestCluster?.stop();
};
