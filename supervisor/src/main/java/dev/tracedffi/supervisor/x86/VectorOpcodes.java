package dev.tracedffi.supervisor.x86;

/**
 * SSE, AVX, AVX2, FMA, AVX-512 and opmask opcodes of the 0F, 0F38 and 0F3A maps, in the row format
 * of {@link OpcodeTable}. Every source operand is a read and every store destination a write; EVEX
 * masking turns them into conditional accesses in the decoder, so rows state the unmasked kind.
 * Sizes follow the vector length unless the instruction reads one element (scalar forms,
 * broadcasts from memory, insert/extract of a lane).
 */
final class VectorOpcodes {

    private VectorOpcodes() {
    }

    static final String ROWS = """
        # ---- 0F map: moves. Loads read, stores write; masked EVEX forms become conditional in the decoder
        0F 10 LVE movups vl R e4 nobc
        66.0F 10 LVE movupd vl R e8 nobc
        F3.0F 10 LVE movss d R e4
        F2.0F 10 LVE movsd q R e8
        0F 11 LVE movups vl W e4
        66.0F 11 LVE movupd vl W e8
        F3.0F 11 LVE movss d W e4
        F2.0F 11 LVE movsd q W e8
        0F 12 LVE movlps q R e4
        66.0F 12 LVE movlpd q R e8
        F3.0F 12 LVE movsldup vl R e4 nobc
        F2.0F 12 LVE movddup ddup R e8 nobc
        0F 13 LVE movlps q W e4
        66.0F 13 LVE movlpd q W e8
        0F 14 LVE unpcklps vl R e4
        66.0F 14 LVE unpcklpd vl R e8
        0F 15 LVE unpckhps vl R e4
        66.0F 15 LVE unpckhpd vl R e8
        0F 16 LVE movhps q R e4
        66.0F 16 LVE movhpd q R e8
        F3.0F 16 LVE movshdup vl R e4 nobc
        0F 17 LVE movhps q W e4
        66.0F 17 LVE movhpd q W e8
        0F 28 LVE movaps vl R e4 nobc
        66.0F 28 LVE movapd vl R e8 nobc
        0F 29 LVE movaps vl W e4
        66.0F 29 LVE movapd vl W e8
        0F 2A L cvtpi2ps q R
        66.0F 2A L cvtpi2pd q R
        F3.0F 2A LVE cvtsi2ss d|q R
        F2.0F 2A LVE cvtsi2sd d|q R
        0F 2B LVE movntps vl W e4
        66.0F 2B LVE movntpd vl W e8
        0F 2C L cvttps2pi q R
        66.0F 2C L cvttpd2pi x R
        F3.0F 2C LVE cvttss2si d R
        F2.0F 2C LVE cvttsd2si q R
        0F 2D L cvtps2pi q R
        66.0F 2D L cvtpd2pi x R
        F3.0F 2D LVE cvtss2si d R
        F2.0F 2D LVE cvtsd2si q R
        0F 2E LVE ucomiss d R
        66.0F 2E LVE ucomisd q R
        0F 2F LVE comiss d R
        66.0F 2F LVE comisd q R
        0F 50 LV movmskps - - reg
        66.0F 50 LV movmskpd - - reg
        # ---- 0F map: floating point arithmetic
        0F 51 LVE sqrtps vl R e4
        66.0F 51 LVE sqrtpd vl R e8
        F3.0F 51 LVE sqrtss d R
        F2.0F 51 LVE sqrtsd q R
        0F 52 LV rsqrtps vl R
        F3.0F 52 LV rsqrtss d R
        0F 53 LV rcpps vl R
        F3.0F 53 LV rcpss d R
        0F 54 LVE andps vl R e4
        66.0F 54 LVE andpd vl R e8
        0F 55 LVE andnps vl R e4
        66.0F 55 LVE andnpd vl R e8
        0F 56 LVE orps vl R e4
        66.0F 56 LVE orpd vl R e8
        0F 57 LVE xorps vl R e4
        66.0F 57 LVE xorpd vl R e8
        0F 58 LVE addps vl R e4
        66.0F 58 LVE addpd vl R e8
        F3.0F 58 LVE addss d R
        F2.0F 58 LVE addsd q R
        0F 59 LVE mulps vl R e4
        66.0F 59 LVE mulpd vl R e8
        F3.0F 59 LVE mulss d R
        F2.0F 59 LVE mulsd q R
        0F 5C LVE subps vl R e4
        66.0F 5C LVE subpd vl R e8
        F3.0F 5C LVE subss d R
        F2.0F 5C LVE subsd q R
        0F 5D LVE minps vl R e4
        66.0F 5D LVE minpd vl R e8
        F3.0F 5D LVE minss d R
        F2.0F 5D LVE minsd q R
        0F 5E LVE divps vl R e4
        66.0F 5E LVE divpd vl R e8
        F3.0F 5E LVE divss d R
        F2.0F 5E LVE divsd q R
        0F 5F LVE maxps vl R e4
        66.0F 5F LVE maxpd vl R e8
        F3.0F 5F LVE maxss d R
        F2.0F 5F LVE maxsd q R
        0F 5A LVE cvtps2pd vh R e4
        66.0F 5A LVE cvtpd2ps vl R e8
        F3.0F 5A LVE cvtss2sd d R
        F2.0F 5A LVE cvtsd2ss q R
        0F 5B LVE cvtdq2ps|cvtqq2ps vl R e4|e8
        66.0F 5B LVE cvtps2dq vl R e4
        F3.0F 5B LVE cvttps2dq vl R e4
        # ---- 0F map: packed integer, MMX (8 bytes) and 66 (vector length) forms; shift counts are always m128
        # MMX unpack-low reads only the low half: m32
        0F 60 L punpcklbw d R
        66.0F 60 LVE punpcklbw vl R e1
        # MMX unpack-low reads only the low half: m32
        0F 61 L punpcklwd d R
        66.0F 61 LVE punpcklwd vl R e2
        # MMX unpack-low reads only the low half: m32
        0F 62 L punpckldq d R
        66.0F 62 LVE punpckldq vl R e4
        P.0F 63 LVE packsswb vl R e2
        P.0F 64 LVE pcmpgtb vl R e1
        P.0F 65 LVE pcmpgtw vl R e2
        P.0F 66 LVE pcmpgtd vl R e4
        P.0F 67 LVE packuswb vl R e2
        P.0F 68 LVE punpckhbw vl R e1
        P.0F 69 LVE punpckhwd vl R e2
        P.0F 6A LVE punpckhdq vl R e4
        P.0F 6B LVE packssdw vl R e4
        P.0F 74 LVE pcmpeqb vl R e1
        P.0F 75 LVE pcmpeqw vl R e2
        P.0F 76 LVE pcmpeqd vl R e4
        P.0F D4 LVE paddq vl R e8
        P.0F D5 LVE pmullw vl R e2
        P.0F D8 LVE psubusb vl R e1
        P.0F D9 LVE psubusw vl R e2
        P.0F DA LVE pminub vl R e1
        P.0F DB LVE pand vl R e4|e8
        P.0F DC LVE paddusb vl R e1
        P.0F DD LVE paddusw vl R e2
        P.0F DE LVE pmaxub vl R e1
        P.0F DF LVE pandn vl R e4|e8
        P.0F E0 LVE pavgb vl R e1
        P.0F E3 LVE pavgw vl R e2
        P.0F E4 LVE pmulhuw vl R e2
        P.0F E5 LVE pmulhw vl R e2
        P.0F E8 LVE psubsb vl R e1
        P.0F E9 LVE psubsw vl R e2
        P.0F EA LVE pminsw vl R e2
        P.0F EB LVE por vl R e4|e8
        P.0F EC LVE paddsb vl R e1
        P.0F ED LVE paddsw vl R e2
        P.0F EE LVE pmaxsw vl R e2
        P.0F EF LVE pxor vl R e4|e8
        P.0F F4 LVE pmuludq vl R e8
        P.0F F5 LVE pmaddwd vl R e2
        P.0F F6 LVE psadbw vl R e1
        P.0F F8 LVE psubb vl R e1
        P.0F F9 LVE psubw vl R e2
        P.0F FA LVE psubd vl R e4
        P.0F FB LVE psubq vl R e8
        P.0F FC LVE paddb vl R e1
        P.0F FD LVE paddw vl R e2
        P.0F FE LVE paddd vl R e4
        P.0F D1 LVE psrlw x R e2
        P.0F D2 LVE psrld x R e4
        P.0F D3 LVE psrlq x R e8
        P.0F E1 LVE psraw x R e2
        P.0F E2 LVE psrad|psraq x R e4|e8
        P.0F F1 LVE psllw x R e2
        P.0F F2 LVE pslld x R e4
        P.0F F3 LVE psllq x R e8
        66.0F 6C LVE punpcklqdq vl R e8
        66.0F 6D LVE punpckhqdq vl R e8
        0F 6E L movd|movq d|q R
        66.0F 6E LVE movd|movq d|q R
        0F 6F L movq q R
        66.0F 6F LVE movdqa vl R e4|e8 nobc
        F3.0F 6F LVE movdqu vl R e4|e8 nobc
        F2.0F 6F E vmovdqu8|vmovdqu16 vl R e1|e2
        0F 70 L pshufw q R
        66.0F 70 LVE pshufd vl R e4
        F3.0F 70 LVE pshufhw vl R e2
        F2.0F 70 LVE pshuflw vl R e2
        # immediate shifts: register forms only, except the EVEX forms that take a memory source
        0F 71/2 L pshift - - reg
        0F 71/4 L pshift - - reg
        0F 71/6 L pshift - - reg
        0F 72/2 L pshift - - reg
        0F 72/4 L pshift - - reg
        0F 72/6 L pshift - - reg
        0F 73/2 L pshift - - reg
        0F 73/6 L pshift - - reg
        66.0F 71/2 LV pshift - - reg
        66.0F 71/4 LV pshift - - reg
        66.0F 71/6 LV pshift - - reg
        66.0F 72/2 LV pshift - - reg
        66.0F 72/4 LV pshift - - reg
        66.0F 72/6 LV pshift - - reg
        66.0F 73/2 LV pshift - - reg
        66.0F 73/3 LV pshift - - reg
        66.0F 73/6 LV pshift - - reg
        66.0F 73/7 LV pshift - - reg
        66.0F 71/2 E vpsrlw vl R e2
        66.0F 71/4 E vpsraw vl R e2
        66.0F 71/6 E vpsllw vl R e2
        66.0F 72/0 E vprord|vprorq vl R e4|e8
        66.0F 72/1 E vprold|vprolq vl R e4|e8
        66.0F 72/2 E vpsrld vl R e4
        66.0F 72/4 E vpsrad|vpsraq vl R e4|e8
        66.0F 72/6 E vpslld vl R e4
        66.0F 73/2 E vpsrlq vl R e8
        66.0F 73/3 E vpsrldq vl R e1
        66.0F 73/6 E vpsllq vl R e8
        66.0F 73/7 E vpslldq vl R e1
        0F 77 LV emms|vzeroupper - -
        66.0F 7C LV haddpd vl R
        F2.0F 7C LV haddps vl R
        66.0F 7D LV hsubpd vl R
        F2.0F 7D LV hsubps vl R
        0F 7E L movd|movq d|q W
        66.0F 7E LVE movd|movq d|q W
        F3.0F 7E LVE movq q R
        0F 7F L movq q W
        66.0F 7F LVE movdqa vl W e4|e8
        F3.0F 7F LVE movdqu vl W e4|e8
        F2.0F 7F E vmovdqu8|vmovdqu16 vl W e1|e2
        # AVX-512 unsigned and quadword conversions
        0F 78 E vcvttps2udq|vcvttpd2udq vl R e4|e8
        66.0F 78 E vcvttps2uqq|vcvttpd2uqq vh|vl R e4|e8
        F3.0F 78 E vcvttss2usi d R
        F2.0F 78 E vcvttsd2usi q R
        0F 79 E vcvtps2udq|vcvtpd2udq vl R e4|e8
        66.0F 79 E vcvtps2uqq|vcvtpd2uqq vh|vl R e4|e8
        F3.0F 79 E vcvtss2usi d R
        F2.0F 79 E vcvtsd2usi q R
        66.0F 7A E vcvttps2qq|vcvttpd2qq vh|vl R e4|e8
        F3.0F 7A E vcvtudq2pd|vcvtuqq2pd vh|vl R e4|e8
        F2.0F 7A E vcvtudq2ps|vcvtuqq2ps vl R e4|e8
        66.0F 7B E vcvtps2qq|vcvtpd2qq vh|vl R e4|e8
        F3.0F 7B E vcvtusi2ss d|q R
        F2.0F 7B E vcvtusi2sd d|q R
        # opmask registers (VEX): kmov loads and stores, the rest is register only
        0F 90 V kmovw|kmovq w|q R
        66.0F 90 V kmovb|kmovd b|d R
        0F 91 V kmovw|kmovq w|q W mem
        66.0F 91 V kmovb|kmovd b|d W mem
        0F 92-93 V kmovw - - reg
        66.0F 92-93 V kmovb - - reg
        F2.0F 92-93 V kmovd|kmovq - - reg
        0F 41-4B V kop - - reg
        66.0F 41-4B V kop - - reg
        0F 98 V kortestw|kortestq - - reg
        66.0F 98 V kortestb|kortestd - - reg
        0F 99 V ktestw|ktestq - - reg
        66.0F 99 V ktestb|ktestd - - reg
        0F AE/2 V vldmxcsr d R mem
        0F AE/3 V vstmxcsr d W mem
        # ---- 0F map: compare, insert/extract, shuffle, misc
        0F C2 LVE cmpps vl R e4
        66.0F C2 LVE cmppd vl R e8
        F3.0F C2 LVE cmpss d R
        F2.0F C2 LVE cmpsd q R
        0F C4 L pinsrw w R
        66.0F C4 LVE pinsrw w R
        0F C5 L pextrw - - reg
        66.0F C5 LVE pextrw - - reg
        0F C6 LVE shufps vl R e4
        66.0F C6 LVE shufpd vl R e8
        66.0F D0 LV addsubpd vl R
        F2.0F D0 LV addsubps vl R
        66.0F D6 LVE movq q W
        F3.0F D6 L movq2dq - - reg
        F2.0F D6 L movdq2q - - reg
        0F D7 L pmovmskb - - reg
        66.0F D7 LV pmovmskb - - reg
        66.0F E6 LVE cvttpd2dq vl R e8
        F3.0F E6 LV cvtdq2pd vh R
        F3.0F E6 E vcvtdq2pd|vcvtqq2pd vh|vl R e4|e8
        F2.0F E6 LVE cvtpd2dq vl R e8
        0F E7 L movntq q W
        66.0F E7 LVE movntdq vl W e4
        F2.0F F0 LV lddqu vl R
        # ---- 0F38 map
        P.0F38 00 LVE pshufb vl R e1
        P.0F38 01 LV phaddw vl R
        P.0F38 02 LV phaddd vl R
        P.0F38 03 LV phaddsw vl R
        P.0F38 04 LVE pmaddubsw vl R e1
        P.0F38 05 LV phsubw vl R
        P.0F38 06 LV phsubd vl R
        P.0F38 07 LV phsubsw vl R
        P.0F38 08 LV psignb vl R
        P.0F38 09 LV psignw vl R
        P.0F38 0A LV psignd vl R
        P.0F38 0B LVE pmulhrsw vl R e2
        P.0F38 1C LVE pabsb vl R e1
        P.0F38 1D LVE pabsw vl R e2
        P.0F38 1E LVE pabsd vl R e4
        66.0F38 0C VE vpermilps vl R e4
        66.0F38 0D VE vpermilpd vl R e8
        66.0F38 0E V vtestps vl R
        66.0F38 0F V vtestpd vl R
        66.0F38 10 L pblendvb vl R
        66.0F38 10 E vpsrlvw vl R e2
        66.0F38 11 E vpsravw vl R e2
        66.0F38 12 E vpsllvw vl R e2
        66.0F38 13 VE vcvtph2ps vh R e2
        66.0F38 14 L blendvps vl R
        66.0F38 14 E vprorvd|vprorvq vl R e4|e8
        66.0F38 15 L blendvpd vl R
        66.0F38 15 E vprolvd|vprolvq vl R e4|e8
        66.0F38 16 VE vpermps|vpermpd vl R e4|e8
        66.0F38 17 LV ptest vl R
        66.0F38 18 VE vbroadcastss d R e4
        66.0F38 19 VE vbroadcastsd q R e4|e8
        66.0F38 1A V vbroadcastf128 x R
        66.0F38 1A E vbroadcastf32x4|vbroadcastf64x2 x R e4|e8
        66.0F38 1B E vbroadcastf32x8|vbroadcastf64x4 y R e4|e8
        66.0F38 1F E vpabsq vl R e8
        66.0F38 20 LVE pmovsxbw vh R e1 nobc
        66.0F38 21 LVE pmovsxbd vq R e1 nobc
        66.0F38 22 LVE pmovsxbq vo R e1 nobc
        66.0F38 23 LVE pmovsxwd vh R e2 nobc
        66.0F38 24 LVE pmovsxwq vq R e2 nobc
        66.0F38 25 LVE pmovsxdq vh R e4 nobc
        66.0F38 30 LVE pmovzxbw vh R e1 nobc
        66.0F38 31 LVE pmovzxbd vq R e1 nobc
        66.0F38 32 LVE pmovzxbq vo R e1 nobc
        66.0F38 33 LVE pmovzxwd vh R e2 nobc
        66.0F38 34 LVE pmovzxwq vq R e2 nobc
        66.0F38 35 LVE pmovzxdq vh R e4 nobc
        # EVEX down-converting stores: the memory operand is the narrow destination
        F3.0F38 10 E vpmovuswb vh W e1
        F3.0F38 11 E vpmovusdb vq W e1
        F3.0F38 12 E vpmovusqb vo W e1
        F3.0F38 13 E vpmovusdw vh W e2
        F3.0F38 14 E vpmovusqw vq W e2
        F3.0F38 15 E vpmovusqd vh W e4
        F3.0F38 20 E vpmovswb vh W e1
        F3.0F38 21 E vpmovsdb vq W e1
        F3.0F38 22 E vpmovsqb vo W e1
        F3.0F38 23 E vpmovsdw vh W e2
        F3.0F38 24 E vpmovsqw vq W e2
        F3.0F38 25 E vpmovsqd vh W e4
        F3.0F38 30 E vpmovwb vh W e1
        F3.0F38 31 E vpmovdb vq W e1
        F3.0F38 32 E vpmovqb vo W e1
        F3.0F38 33 E vpmovdw vh W e2
        F3.0F38 34 E vpmovqw vq W e2
        F3.0F38 35 E vpmovqd vh W e4
        66.0F38 26 E vptestmb|vptestmw vl R e1|e2
        F3.0F38 26 E vptestnmb|vptestnmw vl R e1|e2
        66.0F38 27 E vptestmd|vptestmq vl R e4|e8
        F3.0F38 27 E vptestnmd|vptestnmq vl R e4|e8
        66.0F38 28 LVE pmuldq vl R e8
        66.0F38 29 LVE pcmpeqq vl R e8
        66.0F38 2A LVE movntdqa vl R e4 nobc
        66.0F38 2B LVE packusdw vl R e4
        # vmaskmov: masked-off elements are neither read nor written, and do not fault
        66.0F38 2C V vmaskmovps vl CR
        66.0F38 2D V vmaskmovpd vl CR
        66.0F38 2E V vmaskmovps vl CW mem
        66.0F38 2F V vmaskmovpd vl CW mem
        66.0F38 2C E vscalefps|vscalefpd vl R e4|e8
        66.0F38 2D E vscalefss|vscalefsd d|q R
        66.0F38 36 VE vpermd|vpermq vl R e4|e8
        66.0F38 37 LVE pcmpgtq vl R e8
        66.0F38 38 LVE pminsb vl R e1
        66.0F38 39 LVE pminsd|pminsq vl R e4|e8
        66.0F38 3A LVE pminuw vl R e2
        66.0F38 3B LVE pminud|pminuq vl R e4|e8
        66.0F38 3C LVE pmaxsb vl R e1
        66.0F38 3D LVE pmaxsd|pmaxsq vl R e4|e8
        66.0F38 3E LVE pmaxuw vl R e2
        66.0F38 3F LVE pmaxud|pmaxuq vl R e4|e8
        66.0F38 40 LVE pmulld|pmullq vl R e4|e8
        66.0F38 41 LV phminposuw x R
        66.0F38 42 E vgetexpps|vgetexppd vl R e4|e8
        66.0F38 43 E vgetexpss|vgetexpsd d|q R
        66.0F38 44 E vplzcntd|vplzcntq vl R e4|e8
        66.0F38 45 VE vpsrlvd|vpsrlvq vl R e4|e8
        66.0F38 46 VE vpsravd|vpsravq vl R e4|e8
        66.0F38 47 VE vpsllvd|vpsllvq vl R e4|e8
        66.0F38 4C E vrcp14ps|vrcp14pd vl R e4|e8
        66.0F38 4D E vrcp14ss|vrcp14sd d|q R
        66.0F38 4E E vrsqrt14ps|vrsqrt14pd vl R e4|e8
        66.0F38 4F E vrsqrt14ss|vrsqrt14sd d|q R
        66.0F38 50 VE vpdpbusd vl R e4
        66.0F38 51 VE vpdpbusds vl R e4
        66.0F38 52 VE vpdpwssd vl R e4
        66.0F38 53 VE vpdpwssds vl R e4
        66.0F38 54 E vpopcntb|vpopcntw vl R e1|e2
        66.0F38 55 E vpopcntd|vpopcntq vl R e4|e8
        66.0F38 58 VE vpbroadcastd d R e4
        66.0F38 59 VE vpbroadcastq q R e4|e8
        66.0F38 5A V vbroadcasti128 x R
        66.0F38 5A E vbroadcasti32x4|vbroadcasti64x2 x R e4|e8
        66.0F38 5B E vbroadcasti32x8|vbroadcasti64x4 y R e4|e8
        # compress stores and expand loads touch popcount(mask) consecutive elements; disp8 scales by element
        66.0F38 62 E vpexpandb|vpexpandw vl R e1|e2 t1s nobc
        66.0F38 63 E vpcompressb|vpcompressw vl W e1|e2 t1s
        66.0F38 64 E vpblendmd|vpblendmq vl R e4|e8
        66.0F38 65 E vblendmps|vblendmpd vl R e4|e8
        66.0F38 66 E vpblendmb|vpblendmw vl R e1|e2
        66.0F38 70 E vpshldvw vl R e2
        66.0F38 71 E vpshldvd|vpshldvq vl R e4|e8
        66.0F38 72 E vpshrdvw vl R e2
        66.0F38 73 E vpshrdvd|vpshrdvq vl R e4|e8
        66.0F38 75 E vpermi2b|vpermi2w vl R e1|e2
        66.0F38 76 E vpermi2d|vpermi2q vl R e4|e8
        66.0F38 77 E vpermi2ps|vpermi2pd vl R e4|e8
        66.0F38 78 VE vpbroadcastb b R e1
        66.0F38 79 VE vpbroadcastw w R e2
        66.0F38 7A-7C E vpbroadcast - - reg
        66.0F38 7D E vpermt2b|vpermt2w vl R e1|e2
        66.0F38 7E E vpermt2d|vpermt2q vl R e4|e8
        66.0F38 7F E vpermt2ps|vpermt2pd vl R e4|e8
        66.0F38 83 E vpmultishiftqb vl R e8
        66.0F38 88 E vexpandps|vexpandpd vl R e4|e8 t1s nobc
        66.0F38 89 E vpexpandd|vpexpandq vl R e4|e8 t1s nobc
        66.0F38 8A E vcompressps|vcompresspd vl W e4|e8 t1s mem
        66.0F38 8B E vpcompressd|vpcompressq vl W e4|e8 t1s mem
        66.0F38 8C V vpmaskmovd|vpmaskmovq vl CR
        66.0F38 8D E vpermb|vpermw vl R e1|e2
        66.0F38 8E V vpmaskmovd|vpmaskmovq vl CW mem
        66.0F38 8F E vpshufbitqmb vl R e1
        # gathers read and scatters write only the elements their mask selects
        66.0F38 90 VE vpgatherdd|vpgatherdq vsib CR e4|e8 mem
        66.0F38 91 VE vpgatherqd|vpgatherqq vsib CR e4|e8 mem
        66.0F38 92 VE vgatherdps|vgatherdpd vsib CR e4|e8 mem
        66.0F38 93 VE vgatherqps|vgatherqpd vsib CR e4|e8 mem
        66.0F38 A0 E vpscatterdd|vpscatterdq vsib CW e4|e8 mem
        66.0F38 A1 E vpscatterqd|vpscatterqq vsib CW e4|e8 mem
        66.0F38 A2 E vscatterdps|vscatterdpd vsib CW e4|e8 mem
        66.0F38 A3 E vscatterqps|vscatterqpd vsib CW e4|e8 mem
        # FMA: packed forms read the vector, scalar forms one element
        66.0F38 96 VE vfmaddsub132ps|vfmaddsub132pd vl R e4|e8
        66.0F38 97 VE vfmsubadd132ps|vfmsubadd132pd vl R e4|e8
        66.0F38 98 VE vfmadd132ps|vfmadd132pd vl R e4|e8
        66.0F38 99 VE vfmadd132ss|vfmadd132sd d|q R
        66.0F38 9A VE vfmsub132ps|vfmsub132pd vl R e4|e8
        66.0F38 9B VE vfmsub132ss|vfmsub132sd d|q R
        66.0F38 9C VE vfnmadd132ps|vfnmadd132pd vl R e4|e8
        66.0F38 9D VE vfnmadd132ss|vfnmadd132sd d|q R
        66.0F38 9E VE vfnmsub132ps|vfnmsub132pd vl R e4|e8
        66.0F38 9F VE vfnmsub132ss|vfnmsub132sd d|q R
        66.0F38 A6 VE vfmaddsub213ps|vfmaddsub213pd vl R e4|e8
        66.0F38 A7 VE vfmsubadd213ps|vfmsubadd213pd vl R e4|e8
        66.0F38 A8 VE vfmadd213ps|vfmadd213pd vl R e4|e8
        66.0F38 A9 VE vfmadd213ss|vfmadd213sd d|q R
        66.0F38 AA VE vfmsub213ps|vfmsub213pd vl R e4|e8
        66.0F38 AB VE vfmsub213ss|vfmsub213sd d|q R
        66.0F38 AC VE vfnmadd213ps|vfnmadd213pd vl R e4|e8
        66.0F38 AD VE vfnmadd213ss|vfnmadd213sd d|q R
        66.0F38 AE VE vfnmsub213ps|vfnmsub213pd vl R e4|e8
        66.0F38 AF VE vfnmsub213ss|vfnmsub213sd d|q R
        66.0F38 B6 VE vfmaddsub231ps|vfmaddsub231pd vl R e4|e8
        66.0F38 B7 VE vfmsubadd231ps|vfmsubadd231pd vl R e4|e8
        66.0F38 B8 VE vfmadd231ps|vfmadd231pd vl R e4|e8
        66.0F38 B9 VE vfmadd231ss|vfmadd231sd d|q R
        66.0F38 BA VE vfmsub231ps|vfmsub231pd vl R e4|e8
        66.0F38 BB VE vfmsub231ss|vfmsub231sd d|q R
        66.0F38 BC VE vfnmadd231ps|vfnmadd231pd vl R e4|e8
        66.0F38 BD VE vfnmadd231ss|vfnmadd231sd d|q R
        66.0F38 BE VE vfnmsub231ps|vfnmsub231pd vl R e4|e8
        66.0F38 BF VE vfnmsub231ss|vfnmsub231sd d|q R
        66.0F38 B4 VE vpmadd52luq vl R e8
        66.0F38 B5 VE vpmadd52huq vl R e8
        66.0F38 C4 E vpconflictd|vpconflictq vl R e4|e8
        0F38 C8 L sha1nexte x R
        0F38 C9 L sha1msg1 x R
        0F38 CA L sha1msg2 x R
        0F38 CB L sha256rnds2 x R
        0F38 CC L sha256msg1 x R
        0F38 CD L sha256msg2 x R
        66.0F38 CF LVE gf2p8mulb vl R e1
        66.0F38 DB LV aesimc x R
        66.0F38 DC LVE aesenc vl R
        66.0F38 DD LVE aesenclast vl R
        66.0F38 DE LVE aesdec vl R
        66.0F38 DF LVE aesdeclast vl R
        # ---- 0F3A map (all take an imm8)
        66.0F3A 00 VE vpermq vl R e8
        66.0F3A 01 VE vpermpd vl R e8
        66.0F3A 02 V vpblendd vl R
        66.0F3A 03 E valignd|valignq vl R e4|e8
        66.0F3A 04 VE vpermilps vl R e4
        66.0F3A 05 VE vpermilpd vl R e8
        66.0F3A 06 V vperm2f128 vl R
        66.0F3A 08 LV roundps vl R
        66.0F3A 09 LV roundpd vl R
        66.0F3A 0A LV roundss d R
        66.0F3A 0B LV roundsd q R
        66.0F3A 08 E vrndscaleps vl R e4
        66.0F3A 09 E vrndscalepd vl R e8
        66.0F3A 0A E vrndscaless d R
        66.0F3A 0B E vrndscalesd q R
        66.0F3A 0C LV blendps vl R
        66.0F3A 0D LV blendpd vl R
        66.0F3A 0E LV pblendw vl R
        P.0F3A 0F LVE palignr vl R e1
        66.0F3A 14 LVE pextrb b W
        66.0F3A 15 LVE pextrw w W
        66.0F3A 16 LVE pextrd|pextrq d|q W
        66.0F3A 17 LVE extractps d W
        66.0F3A 18 V vinsertf128 x R
        66.0F3A 19 V vextractf128 x W
        66.0F3A 18 E vinsertf32x4|vinsertf64x2 x R e4|e8
        66.0F3A 19 E vextractf32x4|vextractf64x2 x W e4|e8
        66.0F3A 1A E vinsertf32x8|vinsertf64x4 y R e4|e8
        66.0F3A 1B E vextractf32x8|vextractf64x4 y W e4|e8
        66.0F3A 1D VE vcvtps2ph vh W e2
        66.0F3A 1E E vpcmpud|vpcmpuq vl R e4|e8
        66.0F3A 1F E vpcmpd|vpcmpq vl R e4|e8
        66.0F3A 20 LVE pinsrb b R
        66.0F3A 21 LVE insertps d R
        66.0F3A 22 LVE pinsrd|pinsrq d|q R
        66.0F3A 23 E vshuff32x4|vshuff64x2 vl R e4|e8
        66.0F3A 25 E vpternlogd|vpternlogq vl R e4|e8
        66.0F3A 26 E vgetmantps|vgetmantpd vl R e4|e8
        66.0F3A 27 E vgetmantss|vgetmantsd d|q R
        66.0F3A 30-33 V kshift - - reg
        66.0F3A 38 V vinserti128 x R
        66.0F3A 39 V vextracti128 x W
        66.0F3A 38 E vinserti32x4|vinserti64x2 x R e4|e8
        66.0F3A 39 E vextracti32x4|vextracti64x2 x W e4|e8
        66.0F3A 3A E vinserti32x8|vinserti64x4 y R e4|e8
        66.0F3A 3B E vextracti32x8|vextracti64x4 y W e4|e8
        66.0F3A 3E E vpcmpub|vpcmpuw vl R e1|e2
        66.0F3A 3F E vpcmpb|vpcmpw vl R e1|e2
        66.0F3A 40 LV dpps vl R
        66.0F3A 41 LV dppd x R
        66.0F3A 42 LV mpsadbw vl R
        66.0F3A 42 E vdbpsadbw vl R e1
        66.0F3A 43 E vshufi32x4|vshufi64x2 vl R e4|e8
        66.0F3A 44 LVE pclmulqdq vl R
        66.0F3A 46 V vperm2i128 vl R
        66.0F3A 4A V vblendvps vl R
        66.0F3A 4B V vblendvpd vl R
        66.0F3A 4C V vpblendvb vl R
        66.0F3A 50 E vrangeps|vrangepd vl R e4|e8
        66.0F3A 51 E vrangess|vrangesd d|q R
        66.0F3A 54 E vfixupimmps|vfixupimmpd vl R e4|e8
        66.0F3A 55 E vfixupimmss|vfixupimmsd d|q R
        66.0F3A 56 E vreduceps|vreducepd vl R e4|e8
        66.0F3A 57 E vreducess|vreducesd d|q R
        66.0F3A 60 LV pcmpestrm x R
        66.0F3A 61 LV pcmpestri x R
        66.0F3A 62 LV pcmpistrm x R
        66.0F3A 63 LV pcmpistri x R
        66.0F3A 66 E vfpclassps|vfpclasspd vl R e4|e8
        66.0F3A 67 E vfpclassss|vfpclasssd d|q R
        66.0F3A 70 E vpshldw vl R e2
        66.0F3A 71 E vpshldd|vpshldq vl R e4|e8
        66.0F3A 72 E vpshrdw vl R e2
        66.0F3A 73 E vpshrdd|vpshrdq vl R e4|e8
        66.0F3A CE LVE gf2p8affineqb vl R e8
        66.0F3A CF LVE gf2p8affineinvqb vl R e8
        0F3A CC L sha1rnds4 x R
        66.0F3A DF LV aeskeygenassist x R
        """;
}
