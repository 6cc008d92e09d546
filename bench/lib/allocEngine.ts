// What bench/allocations.mjs bundles: the loader, the allocation index and the recording client.
export { loadSnapshotFile } from '../../src/heap/loader';
export { allocationIndex } from '../../src/heap/allocationSites';
export { CdpConnection, Recording, captureHeapSnapshot } from '../../src/capture';
