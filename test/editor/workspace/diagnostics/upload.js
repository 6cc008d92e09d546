// V8's shared context: `payload` is only used by `checksum`, but the timer callback is created in the same
// scope, so it holds the whole context, buffer included, for as long as the timer is pending.
function handleUpload() {
  const payload = Buffer.alloc(1024 * 1024, 7);
  const checksum = () => payload.reduce((sum, byte) => (sum + byte) % 65521, 0);
  const startedAt = Date.now();
  setTimeout(() => {
    console.log('upload retention check', Date.now() - startedAt);
  }, 10 * 60 * 1000);
  return { checksum: checksum() };
}

module.exports = { handleUpload };
