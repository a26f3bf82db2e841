// An ES module over swan.request (the devtools turn this into CommonJS; swan-album runs it as is).
const BASE = 'https://api.example.com';

export function get(path) {
    return new Promise((resolve, reject) => {
        swan.request({
            url: BASE + path,
            dataType: 'json',
            success: res => (res.statusCode === 200 ? resolve(res.data) : reject(res)),
            fail: reject
        });
    });
}

export default {get};
