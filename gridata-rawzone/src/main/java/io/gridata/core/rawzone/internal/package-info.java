/** Raw-zone backends (S3, local file system). Not API: may change without notice. */
package io.gridata.core.rawzone.internal;
