"""The TrueState REST client (httpx): credentials, retries and the endpoints we read.

- :mod:`~liveflow_graph.api.client`: :class:`TrueStateClient` and ``fetch_payload``;
- :mod:`~liveflow_graph.api.retry`: :class:`RetryPolicy`, backoff and ``Retry-After``.

Its errors are the ``ClientError`` family in :mod:`liveflow_graph.errors`.
"""
