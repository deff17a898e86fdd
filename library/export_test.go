package library

// ChunkDocuments is chunkDocuments, for the tests of package library_test: after that many
// documents an Add has at least one chunk to prepare and stage.
const ChunkDocuments = chunkDocuments
