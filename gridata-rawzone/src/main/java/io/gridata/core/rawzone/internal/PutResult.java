package io.gridata.core.rawzone.internal;

/** What a streaming put wrote. */
record PutResult(long size, String etag, boolean multipart, String sha256) {}
