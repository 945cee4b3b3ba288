/** JSON over HTTP with retries, for triggers and alerts ({@link io.gridata.core.http.JsonPost}). */
package io.gridata.core.http;
