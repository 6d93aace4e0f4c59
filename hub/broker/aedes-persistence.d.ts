/** aedes-persistence ships types for its in-memory class but does not map them to the file's path. */
declare module 'aedes-persistence/asyncPersistence.js' {
  import MemoryPersistence = require('aedes-persistence/types/asyncPersistence');
  export = MemoryPersistence;
}
