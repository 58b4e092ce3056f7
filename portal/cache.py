"""Django's Redis cache backend, keeping one Redis client per server.

Django's client builds a new `redis.Redis` object for every cache call. Building one sets up
redis-py's table of response callbacks, which costs more than the call it is made for; a
signed-in request makes six to eight calls (session, rate limits, generations). The client is
thread-safe and shares the connection pool either way, so one per server is kept.
"""

from django.core.cache.backends import redis as django_redis


class KeptClientRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
