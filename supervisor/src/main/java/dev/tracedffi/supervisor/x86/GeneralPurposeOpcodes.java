package dev.tracedffi.supervisor.x86;

/**
 * General purpose, x87 and system opcodes (one-byte and 0F maps), in the row format of
 * {@link OpcodeTable}. Access kinds state what the instruction does to its r/m operand:
 * a destination that is also a source is RW (add [m], r), a pure destination W (mov [m], r),
 * a source R (cmp [m], r; test; mul; push [m]).
 */
final class GeneralPurposeOpcodes {

    private GeneralPurposeOpcodes() {
    }

    static final String ROWS = """
        # ---- one-byte map: arithmetic, [m] as destination is read-modify-write, cmp only reads
        1B 00 L add b RW lock
        1B 01 L add v RW lock
        1B 02 L add b R
        1B 03 L add v R
        1B 04-05 L add - -
        1B 08 L or b RW lock
        1B 09 L or v RW lock
        1B 0A L or b R
        1B 0B L or v R
        1B 0C-0D L or - -
        1B 10 L adc b RW lock
        1B 11 L adc v RW lock
        1B 12 L adc b R
        1B 13 L adc v R
        1B 14-15 L adc - -
        1B 18 L sbb b RW lock
        1B 19 L sbb v RW lock
        1B 1A L sbb b R
        1B 1B L sbb v R
        1B 1C-1D L sbb - -
        1B 20 L and b RW lock
        1B 21 L and v RW lock
        1B 22 L and b R
        1B 23 L and v R
        1B 24-25 L and - -
        1B 28 L sub b RW lock
        1B 29 L sub v RW lock
        1B 2A L sub b R
        1B 2B L sub v R
        1B 2C-2D L sub - -
        1B 30 L xor b RW lock
        1B 31 L xor v RW lock
        1B 32 L xor b R
        1B 33 L xor v R
        1B 34-35 L xor - -
        1B 38 L cmp b R
        1B 39 L cmp v R
        1B 3A L cmp b R
        1B 3B L cmp v R
        1B 3C-3D L cmp - -
        1B 80/0 L add b RW lock
        1B 80/1 L or b RW lock
        1B 80/2 L adc b RW lock
        1B 80/3 L sbb b RW lock
        1B 80/4 L and b RW lock
        1B 80/5 L sub b RW lock
        1B 80/6 L xor b RW lock
        1B 80/7 L cmp b R
        1B 81/0 L add v RW lock
        1B 81/1 L or v RW lock
        1B 81/2 L adc v RW lock
        1B 81/3 L sbb v RW lock
        1B 81/4 L and v RW lock
        1B 81/5 L sub v RW lock
        1B 81/6 L xor v RW lock
        1B 81/7 L cmp v R
        1B 83/0 L add v RW lock
        1B 83/1 L or v RW lock
        1B 83/2 L adc v RW lock
        1B 83/3 L sbb v RW lock
        1B 83/4 L and v RW lock
        1B 83/5 L sub v RW lock
        1B 83/6 L xor v RW lock
        1B 83/7 L cmp v R
        1B C0/0 L rol b RW
        1B C0/1 L ror b RW
        1B C0/2 L rcl b RW
        1B C0/3 L rcr b RW
        1B C0/4 L shl b RW
        1B C0/5 L shr b RW
        1B C0/6 L shl b RW
        1B C0/7 L sar b RW
        1B C1/0 L rol v RW
        1B C1/1 L ror v RW
        1B C1/2 L rcl v RW
        1B C1/3 L rcr v RW
        1B C1/4 L shl v RW
        1B C1/5 L shr v RW
        1B C1/6 L shl v RW
        1B C1/7 L sar v RW
        1B D0/0 L rol b RW
        1B D0/1 L ror b RW
        1B D0/2 L rcl b RW
        1B D0/3 L rcr b RW
        1B D0/4 L shl b RW
        1B D0/5 L shr b RW
        1B D0/6 L shl b RW
        1B D0/7 L sar b RW
        1B D1/0 L rol v RW
        1B D1/1 L ror v RW
        1B D1/2 L rcl v RW
        1B D1/3 L rcr v RW
        1B D1/4 L shl v RW
        1B D1/5 L shr v RW
        1B D1/6 L shl v RW
        1B D1/7 L sar v RW
        1B D2/0 L rol b RW
        1B D2/1 L ror b RW
        1B D2/2 L rcl b RW
        1B D2/3 L rcr b RW
        1B D2/4 L shl b RW
        1B D2/5 L shr b RW
        1B D2/6 L shl b RW
        1B D2/7 L sar b RW
        1B D3/0 L rol v RW
        1B D3/1 L ror v RW
        1B D3/2 L rcl v RW
        1B D3/3 L rcr v RW
        1B D3/4 L shl v RW
        1B D3/5 L shr v RW
        1B D3/6 L shl v RW
        1B D3/7 L sar v RW
        # ---- one-byte map, the rest
        1B 63 L movsxd d R
        1B 50-57 L push - - push
        1B 58-5F L pop - - pop
        1B 68 L push - - push
        1B 69 L imul v R
        1B 6A L push - - push
        1B 6B L imul v R
        1B 6C L ins b - str=INS
        1B 6D L ins v - str=INS
        1B 6E L outs b - str=OUTS
        1B 6F L outs v - str=OUTS
        1B 70-7F L jcc - - cti
        1B 84 L test b R
        1B 85 L test v R
        # xchg with memory is always locked: it reads and writes
        1B 86 L xchg b RW lock
        1B 87 L xchg v RW lock
        1B 88 L mov b W
        1B 89 L mov v W
        1B 8A L mov b R
        1B 8B L mov v R
        # a segment register stored to memory is always 16 bits
        1B 8C L mov w W
        # lea computes an address, it never touches it
        1B 8D L lea - -
        1B 8E L mov w R
        1B 8F/0 L pop v64 W pop
        1B 90 L nop - -
        1B 91-97 L xchg - -
        1B 98 L cwde - -
        1B 99 L cdq - -
        1B 9B L fwait - -
        1B 9C L pushf - - push
        1B 9D L popf - - pop
        1B 9E L sahf - -
        1B 9F L lahf - -
        1B A0 L mov b R moffs
        1B A1 L mov v R moffs
        1B A2 L mov b W moffs
        1B A3 L mov v W moffs
        1B A4 L movs b - str=MOVS
        1B A5 L movs v - str=MOVS
        1B A6 L cmps b - str=CMPS
        1B A7 L cmps v - str=CMPS
        1B A8-A9 L test - -
        1B AA L stos b - str=STOS
        1B AB L stos v - str=STOS
        1B AC L lods b - str=LODS
        1B AD L lods v - str=LODS
        1B AE L scas b - str=SCAS
        1B AF L scas v - str=SCAS
        1B B0-BF L mov - -
        1B C2-C3 L ret - - ret cti
        1B CA-CB L retf - - farret cti
        1B CF L iret - - iret cti
        1B D7 L xlat - - xlat
        1B C6/0 L mov b W
        1B C6/7 L xabort - - reg cti
        1B C7/0 L mov v W
        1B C7/7 L xbegin - - reg cti
        1B C8 L enter - - enter
        1B C9 L leave - - leave
        1B CC L int3 - - cti
        1B CD L int - - cti
        1B E0 L loopne - - cti
        1B E1 L loope - - cti
        1B E2 L loop - - cti
        1B E3 L jrcxz - - cti
        1B E4-E7 L in/out - -
        1B E8 L call - - call cti
        1B E9 L jmp - - cti
        1B EB L jmp - - cti
        1B EC-EF L in/out - -
        1B F1 L int1 - - cti
        1B F4 L hlt - -
        1B F5 L cmc - -
        1B F6/0-1 L test b R
        1B F6/2 L not b RW lock
        1B F6/3 L neg b RW lock
        1B F6/4 L mul b R
        1B F6/5 L imul b R
        1B F6/6 L div b R
        1B F6/7 L idiv b R
        1B F7/0-1 L test v R
        1B F7/2 L not v RW lock
        1B F7/3 L neg v RW lock
        1B F7/4 L mul v R
        1B F7/5 L imul v R
        1B F7/6 L div v R
        1B F7/7 L idiv v R
        1B F8 L clc - -
        1B F9 L stc - -
        1B FA L cli - -
        1B FB L sti - -
        1B FC L cld - -
        1B FD L std - -
        1B FE/0 L inc b RW lock
        1B FE/1 L dec b RW lock
        1B FF/0 L inc v RW lock
        1B FF/1 L dec v RW lock
        # near indirect branches read a 64-bit target (Intel ignores 0x66 here)
        1B FF/2 L call q R call cti
        1B FF/3 L call far R cti mem
        1B FF/4 L jmp q R cti
        1B FF/5 L jmp far R cti mem
        1B FF/6 L push v64 R push
        # reserved group members: #UD (they show up where data sits inside code)
        1B 8F/1-7 L (reserved) - - ud
        1B C6/1-6 L (reserved) - - ud
        1B C6/7 L (reserved) - - ud mem
        1B C7/1-6 L (reserved) - - ud
        1B C7/7 L (reserved) - - ud mem
        1B FE/2-7 L (reserved) - - ud
        1B FF/7 L (reserved) - - ud
        1B FF/3 L (reserved) - - ud reg
        1B FF/5 L (reserved) - - ud reg
        1B D9/1 L (reserved) - - ud mem
        1B DB/4 L (reserved) - - ud mem
        1B DB/6 L (reserved) - - ud mem
        1B DD/5 L (reserved) - - ud mem
        # ---- x87: memory forms by ModRM.reg, register forms touch no memory
        1B D8/0 L fadd d R mem
        1B D8/1 L fmul d R mem
        1B D8/2 L fcom d R mem
        1B D8/3 L fcomp d R mem
        1B D8/4 L fsub d R mem
        1B D8/5 L fsubr d R mem
        1B D8/6 L fdiv d R mem
        1B D8/7 L fdivr d R mem
        1B D9/0 L fld d R mem
        1B D9/2 L fst d W mem
        1B D9/3 L fstp d W mem
        1B D9/4 L fldenv env R mem
        1B D9/5 L fldcw w R mem
        1B D9/6 L fnstenv env W mem
        1B D9/7 L fnstcw w W mem
        1B DA/0 L fiadd d R mem
        1B DA/1 L fimul d R mem
        1B DA/2 L ficom d R mem
        1B DA/3 L ficomp d R mem
        1B DA/4 L fisub d R mem
        1B DA/5 L fisubr d R mem
        1B DA/6 L fidiv d R mem
        1B DA/7 L fidivr d R mem
        1B DB/0 L fild d R mem
        1B DB/1 L fisttp d W mem
        1B DB/2 L fist d W mem
        1B DB/3 L fistp d W mem
        1B DB/5 L fld t R mem
        1B DB/7 L fstp t W mem
        1B DC/0 L fadd q R mem
        1B DC/1 L fmul q R mem
        1B DC/2 L fcom q R mem
        1B DC/3 L fcomp q R mem
        1B DC/4 L fsub q R mem
        1B DC/5 L fsubr q R mem
        1B DC/6 L fdiv q R mem
        1B DC/7 L fdivr q R mem
        1B DD/0 L fld q R mem
        1B DD/1 L fisttp q W mem
        1B DD/2 L fst q W mem
        1B DD/3 L fstp q W mem
        1B DD/4 L frstor fst R mem
        1B DD/6 L fnsave fst W mem
        1B DD/7 L fnstsw w W mem
        1B DE/0 L fiadd w R mem
        1B DE/1 L fimul w R mem
        1B DE/2 L ficom w R mem
        1B DE/3 L ficomp w R mem
        1B DE/4 L fisub w R mem
        1B DE/5 L fisubr w R mem
        1B DE/6 L fidiv w R mem
        1B DE/7 L fidivr w R mem
        1B DF/0 L fild w R mem
        1B DF/1 L fisttp w W mem
        1B DF/2 L fist w W mem
        1B DF/3 L fistp w W mem
        1B DF/4 L fbld t R mem
        1B DF/5 L fild q R mem
        1B DF/6 L fbstp t W mem
        1B DF/7 L fistp q W mem
        1B D8-DF/* L x87 - - reg
        # ---- 0F map, general purpose and system
        0F 00/0 L sldt w W mem any
        0F 00/1 L str w W mem any
        0F 00/2 L lldt w R mem any
        0F 00/3 L ltr w R mem any
        0F 00/4 L verr w R mem any
        0F 00/5 L verw w R mem any
        0F 00/0-5 L sldt/str - - reg any
        0F 00/6-7 L (reserved) - - ud any
        0F 01/0 L sgdt t W mem any
        0F 01/1 L sidt t W mem any
        0F 01/2 L lgdt t R mem any
        0F 01/3 L lidt t R mem any
        0F 01/4 L smsw w W mem any
        0F 01/6 L lmsw w R mem any
        0F 01/7 L invlpg - - mem any
        0F 02-03 L lar/lsl w R any
        0F 05 L syscall - - any
        0F 06 L clts - - any
        0F 07 L sysret - - cti any
        0F 08 L invd - - any
        0F 09 L wbinvd - - any
        0F 0B L ud2 - - cti any
        # prefetches never fault and read nothing architecturally; 0D/2-7, 18/4-7 and 19-1F are hint NOPs
        # (MPX bnd* in 1A/1B execute as NOPs on every CPU without MPX, which includes all current ones)
        0F 0D/* L prefetchw - - any
        0F 18/0 L prefetchnta - - any
        0F 18/1 L prefetcht0 - - any
        0F 18/2 L prefetcht1 - - any
        0F 18/3 L prefetcht2 - - any
        0F 18/4-7 L nop - - any
        0F 19-1F L nop - - any
        # mov to/from control and debug registers (privileged; the operand is always a register)
        0F 20-23 L mov - - any
        0F 30 L wrmsr - - any
        0F 31 L rdtsc - - any
        0F 32 L rdmsr - - any
        0F 33 L rdpmc - - any
        0F 34 L sysenter - - cti any
        0F 35 L sysexit - - cti any
        0F 40-4F L cmovcc v R any
        # VMX field access: #UD outside VMX root operation, 64-bit operands in 64-bit mode
        0F 78 L vmread q W any
        0F 79 L vmwrite q R any
        0F 80-8F L jcc - - cti any
        0F 90-9F L setcc b W any
        0F A0 L push - - push any
        0F A1 L pop - - pop any
        0F A2 L cpuid - - any
        # bt family with a register bit offset can address far outside [m]: its footprint is dynamic
        0F A3 L bt v R unkmem any
        0F A4-A5 L shld v RW any
        0F A8 L push - - push any
        0F A9 L pop - - pop any
        0F AB L bts v RW unkmem lock any
        0F AC-AD L shrd v RW any
        0F AE/0 L fxsave fx W mem any
        0F AE/1 L fxrstor fx R mem any
        0F AE/2 L ldmxcsr d R mem any
        0F AE/3 L stmxcsr d W mem any
        # xsave family: the area size depends on XCR0 and edx:eax at run time
        0F AE/4 L xsave - R unkmem mem any
        0F AE/5 L xrstor - R unkmem mem any
        0F AE/6 L xsaveopt - R unkmem mem any
        # clflush checks access like a one-byte load
        0F AE/7 L clflush b R mem any
        0F AE/5 L lfence - - reg any
        0F AE/6 L mfence - - reg any
        0F AE/7 L sfence - - reg any
        F3.0F AE/0-3 L rdfsbase/wrfsbase - - reg
        66.0F AE/6 L clwb - - mem
        66.0F AE/7 L clflushopt b R mem
        0F AF L imul v R any
        # cmpxchg writes back even when the comparison fails
        0F B0 L cmpxchg b RW lock any
        0F B1 L cmpxchg v RW lock any
        0F B2 L lss far R mem any
        0F B3 L btr v RW unkmem lock any
        0F B4 L lfs far R mem any
        0F B5 L lgs far R mem any
        0F B6 L movzx b R any
        0F B7 L movzx w R any
        F3.0F B8 L popcnt v R
        0F B9 L ud1 - - cti any
        0F BA/0-3 L (reserved) - - ud any
        0F BA/4 L bt v R any
        0F BA/5 L bts v RW lock any
        0F BA/6 L btr v RW lock any
        0F BA/7 L btc v RW lock any
        0F BB L btc v RW unkmem lock any
        0F BC L bsf v R any
        F3.0F BC L tzcnt v R
        0F BD L bsr v R any
        F3.0F BD L lzcnt v R
        0F BE L movsx b R any
        0F BF L movsx w R any
        0F C0 L xadd b RW lock any
        0F C1 L xadd v RW lock any
        0F C3 L movnti d|q W
        0F C7/0 L (reserved) - - ud any
        0F C7/1 L (reserved) - - ud reg any
        0F C7/2 L (reserved) - - ud any
        0F C7/1 L cmpxchg8b|cmpxchg16b q|x RW lock mem any
        0F C7/3 L xrstors - R unkmem mem any
        0F C7/4 L xsavec - R unkmem mem any
        0F C7/5 L xsaves - R unkmem mem any
        0F C7/6 L rdrand - - reg any
        0F C7/7 L rdseed - - reg any
        0F C8-CF L bswap - - any
        0F FF L ud0 - - cti any
        # movbe, crc32, adcx/adox: 0F38 map, general purpose
        0F38 F0 L movbe v R
        66.0F38 F0 L movbe v R
        0F38 F1 L movbe v W
        66.0F38 F1 L movbe v W
        F2.0F38 F0 L crc32 b R
        F2.0F38 F1 L crc32 v R
        66.0F38 F6 L adcx d|q R
        F3.0F38 F6 L adox d|q R
        # BMI1/BMI2 (VEX): the r/m operand is a source
        0F38 F2 V andn d|q R
        0F38 F3/1 V blsr d|q R
        0F38 F3/2 V blsmsk d|q R
        0F38 F3/3 V blsi d|q R
        0F38 F5 V bzhi d|q R
        F3.0F38 F5 V pext d|q R
        F2.0F38 F5 V pdep d|q R
        F2.0F38 F6 V mulx d|q R
        0F38 F7 V bextr d|q R
        66.0F38 F7 V shlx d|q R
        F3.0F38 F7 V sarx d|q R
        F2.0F38 F7 V shrx d|q R
        F2.0F3A F0 V rorx d|q R
        """;
}
